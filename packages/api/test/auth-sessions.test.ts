import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, isSignedIn, setCookies, signIn, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

const APP = 'http://app.test'

describe('auth.logout', () => {
  it('ends the current session only and clears the cookie', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    expect(await h.caller({ token: account.token }).auth.logout()).toEqual({ ok: true })
    const cleared = setCookies(h)
    expect(cleared).toHaveLength(1)
    expect(cleared[0]).toMatch(/^inkwell_session=;/)
    expect(cleared[0]).toMatch(/Max-Age=0/)
    expect(cleared[0]).toMatch(/Path=\//)

    expect(await isSignedIn(h, account.token)).toBe(false)
    expect(await isSignedIn(h, other)).toBe(true)
  })

  it('ends a cookie session sent from the app origin', async () => {
    const account = await signUp(h)
    const cookie = `theme=dark; inkwell_session=${account.token}`
    await h.caller({ cookie, origin: APP }).auth.logout()
    expect(await isSignedIn(h, account.token)).toBe(false)
  })

  it('answers ok and clears the cookie without a session, or with a dead one', async () => {
    expect(await h.caller().auth.logout()).toEqual({ ok: true })
    expect(setCookies(h)[0]).toMatch(/^inkwell_session=;.*Max-Age=0/)
    expect(await h.caller({ token: 'not-a-real-token' }).auth.logout()).toEqual({ ok: true })
  })

  it('a second logout with the same token changes nothing', async () => {
    const account = await signUp(h)
    await h.caller({ token: account.token }).auth.logout()
    expect(await h.caller({ token: account.token }).auth.logout()).toEqual({ ok: true })
    await expectAppError(h.caller({ token: account.token }).users.me(), 'NOT_AUTHENTICATED', 401)
  })
})

describe('auth.refresh', () => {
  it('rotates the token: the old one is dead at once, the new one works', async () => {
    const account = await signUp(h)
    const before = await h.caller({ token: account.token }).users.sessions()
    const refreshed = await h.caller({ token: account.token }).auth.refresh()
    expect(Object.keys(refreshed)).toEqual(['session'])
    expect(Object.keys(refreshed.session).sort()).toEqual(['expiresAt', 'token'])
    expect(refreshed.session.token).not.toBe(account.token)
    expect(refreshed.session.token.length).toBeGreaterThanOrEqual(32)
    expect(setCookies(h)[0]).toMatch(
      new RegExp(`^inkwell_session=${refreshed.session.token};.*HttpOnly`),
    )

    await expectAppError(h.caller({ token: account.token }).users.me(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(h.caller({ token: account.token }).auth.refresh(), 'NOT_AUTHENTICATED')
    const me = await h.caller({ token: refreshed.session.token }).users.me()
    expect(me.id).toBe(account.id)

    // The same session (same public id, same creation time), not a new one.
    const after = await h.caller({ token: refreshed.session.token }).users.sessions()
    expect(after.map((s) => [s.id, s.createdAt])).toEqual(before.map((s) => [s.id, s.createdAt]))
  })

  it('can be chained: each new token refreshes again', async () => {
    const account = await signUp(h)
    let token = account.token
    for (let i = 0; i < 3; i++) {
      const next = await h.caller({ token }).auth.refresh()
      expect(await isSignedIn(h, token)).toBe(false)
      token = next.session.token
    }
    expect(await isSignedIn(h, token)).toBe(true)
  })

  it('lets only one of two concurrent refreshes of one token win', async () => {
    const account = await signUp(h)
    const results = await Promise.allSettled([
      h.caller({ token: account.token }).auth.refresh(),
      h.caller({ token: account.token }).auth.refresh(),
    ])
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected')!
    await expectAppError(Promise.reject(lost.reason), 'NOT_AUTHENTICATED', 401)
    // Whoever got a token got a working one.
    const winner = won[0] as PromiseFulfilledResult<{ session: { token: string } }>
    expect(await isSignedIn(h, winner.value.session.token)).toBe(true)
    expect(await isSignedIn(h, account.token)).toBe(false)
  })

  it('needs a session: NOT_AUTHENTICATED without one', async () => {
    await expectAppError(h.caller().auth.refresh(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(h.caller({ token: 'garbage' }).auth.refresh(), 'NOT_AUTHENTICATED', 401)
  })

  it('works from a cookie sent from the app origin, and sets the new cookie', async () => {
    const account = await signUp(h)
    const refreshed = await h
      .caller({ cookie: `inkwell_session=${account.token}`, origin: APP })
      .auth.refresh()
    expect(setCookies(h)[0]).toMatch(new RegExp(`^inkwell_session=${refreshed.session.token};`))
    expect(await isSignedIn(h, refreshed.session.token)).toBe(true)
  })
})
