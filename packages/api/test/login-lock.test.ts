import { passwordHashing } from '@inkwell/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, signUp, uniqueEmail, uniqueIp, wireError } from './helpers'

// The per-account lock counts each attempt before its password is checked, so guesses sent
// at once cannot all be checked; a lock only grows; a success lifts it.

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
})
afterAll(() => h.close())

/** Each attempt from its own address, so only the per-account lock is in play. */
const login = (email: string, password: string) =>
  h.caller({ ip: uniqueIp() }).auth.login({ email, password })

/** The app codes of calls run all at once, in order. */
async function outcomes(calls: Promise<unknown>[]): Promise<string[]> {
  return Promise.all(
    calls.map((call) =>
      wireError(call).then(
        (e) => e.data.appCode,
        () => 'SIGNED_IN',
      ),
    ),
  )
}

const failedLogins = (email: string) =>
  h.securityEvents.filter((e) => e.event === 'login.failed' && e.email === email)

describe('guesses sent at once', () => {
  it('30 parallel wrong guesses from 30 addresses: 5 checked, the rest refused unchecked', async () => {
    const account = await signUp(h)
    const codes = await outcomes(
      Array.from({ length: 30 }, (_, i) => login(account.email, `wrong guess ${i}`)),
    )
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5)
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(25)
    // Only the five were checked against the password.
    expect(failedLogins(account.email)).toHaveLength(5)

    // The right password, from an address never seen, is refused while the lock lasts, and
    // the lock grew with the attempts (not the single second of the first lock).
    const caller = h.caller({ ip: uniqueIp() })
    await expectAppError(
      caller.auth.login({ email: account.email, password: account.password }),
      'RATE_LIMITED',
      429,
    )
    const retryAfter = Number(h.lastHeaders().get('retry-after'))
    expect(retryAfter).toBeGreaterThan(60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(failedLogins(account.email)).toHaveLength(5)
  })

  it('an unknown email is counted and locked the same way', async () => {
    const email = uniqueEmail('ghost')
    const codes = await outcomes(Array.from({ length: 30 }, (_, i) => login(email, `guess ${i}`)))
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5)
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(25)
    await expectAppError(login(email, 'one more'), 'RATE_LIMITED', 429)
  })
})

describe('the lock', () => {
  it('refused attempts lengthen it: each one doubles it, up to 15 minutes', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 5; i++) {
      await expectAppError(login(account.email, `wrong ${i}`), 'INVALID_CREDENTIALS', 401)
    }
    const retryAfters: number[] = []
    for (let i = 0; i < 12; i++) {
      await expectAppError(login(account.email, account.password), 'RATE_LIMITED', 429)
      retryAfters.push(Number(h.lastHeaders().get('retry-after')))
    }
    // The 6th attempt locks for 2 s, the 7th for 4 s, … the 15th and later for 15 minutes.
    expect(retryAfters).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900])
  })

  it('a success lifts it and resets the count', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 4; i++)
      await expectAppError(login(account.email, 'wrong'), 'INVALID_CREDENTIALS')
    // The fifth attempt is the last free one; it succeeds, so nothing stays locked.
    expect((await login(account.email, account.password)).user.id).toBe(account.id)
    for (let i = 0; i < 4; i++)
      await expectAppError(login(account.email, 'wrong'), 'INVALID_CREDENTIALS')
    expect((await login(account.email, account.password)).user.id).toBe(account.id)
  })

  it('a login shed for want of hashing capacity does not count against the account', async () => {
    const account = await signUp(h)
    let open = () => {}
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const held = Array.from({ length: passwordHashing.capacity }, () =>
      passwordHashing.run(() => gate),
    )
    try {
      for (let i = 0; i < 10; i++) {
        await expectAppError(login(account.email, account.password), 'SERVICE_BUSY', 503)
      }
    } finally {
      open()
      await Promise.all(held)
    }
    expect((await login(account.email, account.password)).user.id).toBe(account.id)
  })
})
