import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordedSecurityEvent } from '../src/testing'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, mailedToken, signUp, uniqueEmail, uniqueIp } from './helpers'

// What auth records for an operator to watch: failed and locked logins, password resets,
// sessions ended. Never a password or a token.

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
})
afterAll(() => h.close())

/** The events recorded while `action` ran. */
async function recordedBy(action: () => Promise<unknown>): Promise<RecordedSecurityEvent[]> {
  const before = h.securityEvents.length
  await action()
  return h.securityEvents.slice(before)
}

describe('auth security events', () => {
  it('login.failed: the email, the address and the account, never the password', async () => {
    const account = await signUp(h)
    const ip = uniqueIp()
    const events = await recordedBy(() =>
      expectAppError(
        h.caller({ ip }).auth.login({ email: account.email, password: 'not my password at all' }),
        'INVALID_CREDENTIALS',
      ),
    )
    expect(events).toEqual([
      expect.objectContaining({
        event: 'login.failed',
        ip,
        email: account.email,
        targetId: account.id,
        reason: 'wrong-password',
      }),
    ])
    expect(JSON.stringify(events)).not.toContain('not my password at all')

    const ghost = uniqueEmail('ghost')
    const unknown = await recordedBy(() =>
      expectAppError(
        h.caller({ ip }).auth.login({ email: ghost, password: 'x' }),
        'INVALID_CREDENTIALS',
      ),
    )
    expect(unknown).toEqual([
      expect.objectContaining({ event: 'login.failed', ip, email: ghost, reason: 'unknown-email' }),
    ])
    expect(unknown[0]).not.toHaveProperty('targetId', expect.anything())
  })

  it('login.locked: when a failure locks the account, and for each attempt refused by the lock', async () => {
    const account = await signUp(h)
    const attempt = (password: string) =>
      h.caller({ ip: uniqueIp() }).auth.login({ email: account.email, password })
    for (let i = 0; i < 4; i++) await expectAppError(attempt('wrong'), 'INVALID_CREDENTIALS')
    const locking = await recordedBy(() => expectAppError(attempt('wrong'), 'INVALID_CREDENTIALS'))
    expect(locking.map((e) => e.event)).toEqual(['login.failed', 'login.locked'])
    expect(locking[1]).toMatchObject({
      email: account.email,
      targetId: account.id,
      attempt: 5,
      retryAfterSeconds: 1,
    })
    const refused = await recordedBy(() =>
      expectAppError(attempt(account.password), 'RATE_LIMITED', 429),
    )
    expect(refused).toEqual([
      expect.objectContaining({
        event: 'login.locked',
        email: account.email,
        attempt: 6,
        refused: true,
        retryAfterSeconds: 2,
      }),
    ])
    expect(JSON.stringify(refused)).not.toContain(account.password)
  })

  it('password.reset: the account whose password was reset, and from where', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: account.email })
    const token = await mailedToken(h, account.email, 'reset-password', since)
    const ip = uniqueIp()
    const events = await recordedBy(() =>
      h.caller({ ip }).auth.resetPassword({ token, password: 'a fresh new passphrase' }),
    )
    expect(events).toEqual([
      expect.objectContaining({ event: 'password.reset', ip, targetId: account.id }),
    ])
    expect(JSON.stringify(events)).not.toContain(token)
    expect(JSON.stringify(events)).not.toContain('a fresh new passphrase')
  })

  it('session.revoked: a logout names the account and the session it ended', async () => {
    const account = await signUp(h)
    const [session] = await h.caller({ token: account.token }).users.sessions()
    const ip = uniqueIp()
    const events = await recordedBy(() => h.caller({ ip, token: account.token }).auth.logout())
    expect(events).toEqual([
      expect.objectContaining({
        event: 'session.revoked',
        ip,
        actorId: account.id,
        sessionId: session?.id,
        reason: 'logout',
      }),
    ])
    expect(JSON.stringify(events)).not.toContain(account.token)
    // A logout without a session ends nothing, and records nothing.
    expect(await recordedBy(() => h.caller({ ip }).auth.logout())).toEqual([])
  })
})
