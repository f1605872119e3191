import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  expectAppError,
  isSignedIn,
  mailedToken,
  PASSWORD,
  signUp,
  uniqueEmail,
  uniqueIp,
} from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
})
afterAll(() => h.close())

/** Asserts the call is refused with RATE_LIMITED and a Retry-After of at most the window. */
async function expectRateLimited(call: () => Promise<unknown>, windowSeconds = 60): Promise<void> {
  await expectAppError(call(), 'RATE_LIMITED', 429)
  const retryAfter = Number(h.lastHeaders().get('retry-after'))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds)
}

describe('auth.register: 5 a minute per address', () => {
  it('refuses the sixth with RATE_LIMITED and Retry-After; other addresses go on', async () => {
    const ip = uniqueIp()
    const register = (email: string) =>
      h.caller({ ip }).auth.register({ email, password: PASSWORD, name: 'R' })
    for (let i = 0; i < 5; i++) await register(uniqueEmail())
    expect(h.lastHeaders().get('retry-after')).toBeNull()

    const sixth = uniqueEmail()
    await expectRateLimited(() => register(sixth))
    // Nothing was created: the email is still free, from another address.
    const elsewhere = await h
      .caller({ ip: uniqueIp() })
      .auth.register({ email: sixth, password: PASSWORD, name: 'R' })
    expect(elsewhere.user.email).toBe(sixth)
  })
})

describe('auth.login: 10 a minute per address', () => {
  it('refuses the eleventh, even with the right password', async () => {
    const account = await signUp(h)
    const ip = uniqueIp()
    // Unknown emails, so no account's own back-off gets involved.
    for (let i = 0; i < 10; i++) {
      await expectAppError(
        h.caller({ ip }).auth.login({ email: uniqueEmail(), password: 'whatever' }),
        'INVALID_CREDENTIALS',
      )
    }
    await expectRateLimited(() =>
      h.caller({ ip }).auth.login({ email: account.email, password: account.password }),
    )
    const elsewhere = await h
      .caller({ ip: uniqueIp() })
      .auth.login({ email: account.email, password: account.password })
    expect(elsewhere.user.id).toBe(account.id)
  })
})

describe('auth.requestPasswordReset: 3 a minute per address and per email', () => {
  it('refuses the fourth request from one address', async () => {
    const ip = uniqueIp()
    const request = (email: string) => h.caller({ ip }).auth.requestPasswordReset({ email })
    for (let i = 0; i < 3; i++) expect(await request(uniqueEmail())).toEqual({ ok: true })
    await expectRateLimited(() => request(uniqueEmail()))
  })

  it('refuses the fourth request for one email, from any address and in any spelling', async () => {
    const account = await signUp(h)
    const request = (email: string) =>
      h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email })
    await request(account.email)
    await request(account.email.toUpperCase())
    await request(` ${account.email} `)
    await expectRateLimited(() => request(account.email))
    // The same for an email without an account: the limit reveals nothing.
    const ghost = uniqueEmail('ghost')
    for (let i = 0; i < 3; i++) await request(ghost)
    await expectRateLimited(() => request(ghost))
    // Other emails are unaffected.
    expect(await request(uniqueEmail())).toEqual({ ok: true })
  })
})

describe('auth.resetPassword: 3 a minute per address', () => {
  it('refuses the fourth attempt, even with a valid token, which stays usable', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: account.email })
    const token = await mailedToken(h, account.email, 'reset-password', since)

    const ip = uniqueIp()
    const reset = (t: string) =>
      h.caller({ ip }).auth.resetPassword({ token: t, password: 'guessing passphrase' })
    for (let i = 0; i < 3; i++) await expectAppError(reset(`guess${i}`), 'INVALID_TOKEN', 400)
    await expectRateLimited(() => reset(token))

    expect(
      await h
        .caller({ ip: uniqueIp() })
        .auth.resetPassword({ token, password: 'the real new passphrase' }),
    ).toEqual({ ok: true })
  })
})

describe('auth.refresh: 20 a minute per address; auth.logout: never limited', () => {
  it('refuses the 21st refresh and leaves the presented token alive', async () => {
    const account = await signUp(h)
    const ip = uniqueIp()
    let token = account.token
    for (let i = 0; i < 20; i++)
      token = (await h.caller({ ip, token }).auth.refresh()).session.token
    await expectRateLimited(() => h.caller({ ip, token }).auth.refresh())
    expect(await isSignedIn(h, token)).toBe(true)
    const elsewhere = await h.caller({ ip: uniqueIp(), token }).auth.refresh()
    expect(await isSignedIn(h, elsewhere.session.token)).toBe(true)
  })

  it('never refuses a logout: the 50th from one address still ends its session', async () => {
    const account = await signUp(h)
    const ip = uniqueIp()
    for (let i = 0; i < 49; i++) expect(await h.caller({ ip }).auth.logout()).toEqual({ ok: true })
    expect(await h.caller({ ip, token: account.token }).auth.logout()).toEqual({ ok: true })
    expect(h.lastHeaders().get('retry-after')).toBeNull()
    expect(await isSignedIn(h, account.token)).toBe(false)
  })

  it('counts refresh and logout apart', async () => {
    const account = await signUp(h)
    const ip = uniqueIp()
    for (let i = 0; i < 20; i++) await h.caller({ ip }).auth.logout()
    const refreshed = await h.caller({ ip, token: account.token }).auth.refresh()
    expect(await isSignedIn(h, refreshed.session.token)).toBe(true)
  })
})

describe('auth.requestEmailVerification: 3 a minute per account', () => {
  it('refuses the fourth request, from any address', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 3; i++) {
      expect(
        await h.caller({ ip: uniqueIp(), token: account.token }).auth.requestEmailVerification(),
      ).toEqual({ ok: true })
    }
    await expectRateLimited(() =>
      h.caller({ ip: uniqueIp(), token: account.token }).auth.requestEmailVerification(),
    )
  })
})

describe('users.changePassword: 5 a minute per account', () => {
  it('refuses the sixth guess of the current password, from any address', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 5; i++) {
      await expectAppError(
        h.caller({ token: account.token, ip: uniqueIp() }).users.changePassword({
          currentPassword: `wrong guess ${i}`,
          newPassword: 'a fresh passphrase',
        }),
        'WRONG_PASSWORD',
        400,
      )
    }
    await expectRateLimited(() =>
      h.caller({ token: account.token, ip: uniqueIp() }).users.changePassword({
        currentPassword: account.password,
        newPassword: 'a fresh passphrase',
      }),
    )
  })
})

describe('limits switched off', () => {
  it('lets every call through (RATE_LIMITS=off, for load tests)', async () => {
    const open = await createTestHarness({ rateLimits: false })
    try {
      const ip = uniqueIp()
      for (let i = 0; i < 10; i++) {
        expect(
          await open.caller({ ip }).auth.requestPasswordReset({ email: 'same@example.com' }),
        ).toEqual({ ok: true })
      }
    } finally {
      await open.close()
    }
  })
})
