import { hashToken } from '@inkwell/auth'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, isSignedIn, setCookies, signIn, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

const SESSION_KEYS = ['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent']

describe('users.sessions', () => {
  it("lists the caller's live sessions, marking the current one", async () => {
    const account = await signUp(h, { ip: '192.0.2.1' })
    const phone = (
      await h
        .caller({ ip: '192.0.2.2', userAgent: 'Inkwell iOS/3.1' })
        .auth.login({ email: account.email, password: account.password })
    ).session.token
    const sessions = await h.caller({ token: phone }).users.sessions()

    expect(sessions).toHaveLength(2)
    for (const session of sessions) {
      expect(Object.keys(session).sort()).toEqual(SESSION_KEYS.sort())
      expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now())
    }
    expect(sessions.filter((s) => s.current)).toEqual([
      expect.objectContaining({ ip: '192.0.2.2', userAgent: 'Inkwell iOS/3.1' }),
    ])
    expect(sessions.find((s) => !s.current)).toMatchObject({ ip: '192.0.2.1', userAgent: null })

    // The other device sees the same sessions, with its own marked current.
    const fromLaptop = await h.caller({ token: account.token }).users.sessions()
    expect(fromLaptop.find((s) => s.current)?.id).toBe(sessions.find((s) => !s.current)?.id)
  })

  it('never shows a token or its hash', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    const body = JSON.stringify(await h.caller({ token: account.token }).users.sessions())
    for (const token of [account.token, other]) {
      expect(body).not.toContain(token)
      expect(body).not.toContain(hashToken(token))
    }
    expect(body).not.toMatch(/token/i)
  })

  it("leaves out expired sessions and other users' sessions", async () => {
    const account = await signUp(h)
    const expired = await signIn(h, account)
    await signUp(h)
    await h.db.kysely
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(expired))
      .execute()
    const sessions = await h.caller({ token: account.token }).users.sessions()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]?.current).toBe(true)
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    await expectAppError(h.caller().users.sessions(), 'NOT_AUTHENTICATED', 401)
  })
})

describe('users.revokeSession', () => {
  async function sessionIdOf(viewerToken: string, current: boolean): Promise<string> {
    const sessions = await h.caller({ token: viewerToken }).users.sessions()
    return sessions.find((s) => s.current === current)!.id
  }

  it('ends another session of the caller', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    const otherId = await sessionIdOf(other, true)
    expect(await h.caller({ token: account.token }).users.revokeSession({ id: otherId })).toEqual({
      ok: true,
    })
    expect(setCookies(h)).toEqual([])
    expect(await isSignedIn(h, other)).toBe(false)
    expect(await isSignedIn(h, account.token)).toBe(true)
    const left = await h.caller({ token: account.token }).users.sessions()
    expect(left.map((s) => s.id)).not.toContain(otherId)
  })

  it('ends the current session too, clearing its cookie', async () => {
    const account = await signUp(h)
    const id = await sessionIdOf(account.token, true)
    await h.caller({ token: account.token }).users.revokeSession({ id })
    expect(setCookies(h)[0]).toMatch(/^inkwell_session=;.*Max-Age=0/)
    expect(await isSignedIn(h, account.token)).toBe(false)
  })

  it("answers SESSION_NOT_FOUND for someone else's session, which survives", async () => {
    const attacker = await signUp(h)
    const victim = await signUp(h)
    const victimSession = await sessionIdOf(victim.token, true)
    await expectAppError(
      h.caller({ token: attacker.token }).users.revokeSession({ id: victimSession }),
      'SESSION_NOT_FOUND',
      404,
    )
    expect(await isSignedIn(h, victim.token)).toBe(true)
  })

  it('answers SESSION_NOT_FOUND for an unknown or already ended session', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    const otherId = await sessionIdOf(other, true)
    await h.caller({ token: account.token }).users.revokeSession({ id: otherId })
    await expectAppError(
      h.caller({ token: account.token }).users.revokeSession({ id: otherId }),
      'SESSION_NOT_FOUND',
      404,
    )
    await expectAppError(
      h.caller({ token: account.token }).users.revokeSession({ id: crypto.randomUUID() }),
      'SESSION_NOT_FOUND',
      404,
    )
  })

  it('refuses an id that is not a UUID as VALIDATION_FAILED', async () => {
    const account = await signUp(h)
    const error = await expectAppError(
      h.caller({ token: account.token }).users.revokeSession({ id: "1' or '1'='1" }),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors?.id).toBeDefined()
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    await expectAppError(
      h.caller().users.revokeSession({ id: crypto.randomUUID() }),
      'NOT_AUTHENTICATED',
      401,
    )
  })
})

describe('users.revokeOtherSessions', () => {
  it('ends every session of the caller but the current one', async () => {
    const account = await signUp(h)
    const others = [await signIn(h, account), await signIn(h, account)]
    const bystander = await signUp(h)
    expect(await h.caller({ token: account.token }).users.revokeOtherSessions()).toEqual({
      ok: true,
    })
    for (const token of others) expect(await isSignedIn(h, token)).toBe(false)
    expect(await isSignedIn(h, account.token)).toBe(true)
    expect(await isSignedIn(h, bystander.token)).toBe(true)
    const left = await h.caller({ token: account.token }).users.sessions()
    expect(left).toEqual([expect.objectContaining({ current: true })])
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    await expectAppError(h.caller().users.revokeOtherSessions(), 'NOT_AUTHENTICATED', 401)
  })
})
