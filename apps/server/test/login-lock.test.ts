import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestApp,
  mutate,
  PASSWORD,
  type Reply,
  reply,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

// The per-account login lock over HTTP: guesses raced from many addresses, or batched into
// one request, are counted before any password is checked.

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ rateLimits: true, trustedProxies: 1 })
})
afterAll(() => t?.close())

let addressSequence = 0
/** A client address of its own (as the trusted proxy reports it). */
const fromNewAddress = () => ({ 'x-forwarded-for': `198.51.100.${++addressSequence}` })

const login = (email: string, password: string, headers = fromNewAddress()) =>
  mutate(t.app, 'auth.login', { email, password }, headers)

/** How many of the account's logins were checked against a password (and failed). */
const checkedFailures = (email: string) =>
  t.h.securityEvents.filter((e) => e.event === 'login.failed' && e.email === email).length

/** The right password, from an address never seen: refused while the lock lasts. */
async function expectLocked(account: SignedUp): Promise<void> {
  const r = await login(account.email, PASSWORD)
  expect(r.status, JSON.stringify(r.body)).toBe(429)
  expect(r.body.error.data).toMatchObject({ appCode: 'RATE_LIMITED', httpStatus: 429 })
  const retryAfter = Number(r.res.headers.get('retry-after'))
  // The lock grew with the attempts: far past the one second of the first lock.
  expect(retryAfter).toBeGreaterThan(1)
  expect(retryAfter).toBeLessThanOrEqual(15 * 60)
}

describe('auth.login guesses sent at once', () => {
  it('30 parallel wrong guesses from 30 addresses: at most 5 checked, then locked', async () => {
    const account = await signUp(t.app)
    const answers: Reply[] = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(account.email, `wrong guess ${i}`)),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(25)
    for (const r of answers.filter((a) => a.status === 429)) {
      expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
    expect(checkedFailures(account.email)).toBe(5)
    await expectLocked(account)
    expect(checkedFailures(account.email)).toBe(5)
  })

  it('a batch of 10 logins in one request (?batch=1): at most 5 checked, then locked', async () => {
    const account = await signUp(t.app)
    const calls = Array.from({ length: 10 }, (_, i) => [
      String(i),
      { email: account.email, password: `wrong guess ${i}` },
    ])
    const res = await t.app.request(`/trpc/${Array(10).fill('auth.login').join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...fromNewAddress() },
      body: JSON.stringify(Object.fromEntries(calls)),
    })
    const { body } = await reply(res)
    const codes = (body as { error: { data: { appCode: string } } }[]).map(
      (answer) => answer.error.data.appCode,
    )
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5)
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(checkedFailures(account.email)).toBe(5)
    await expectLocked(account)
  })
})
