import { HASHING_BUDGET_MS, passwordHashing } from '@inkwell/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestApp,
  fillHashingQueue,
  mutate,
  PASSWORD,
  query,
  type Reply,
  type SignedUp,
  signUp,
  type TestApp,
  uniqueEmail,
} from './helpers'

// Password hashing (argon2) is the one expensive thing a client can ask for without an
// account. Beyond about 2 s of queued work the server answers 503 SERVICE_BUSY at once, and
// everything that needs no hashing keeps answering.

let t: TestApp
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
})
afterAll(() => t?.close())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const login = () => mutate(t.app, 'auth.login', { email: ada.email, password: PASSWORD })

function expectBusy(r: Reply): void {
  expect(r.status, JSON.stringify(r.body)).toBe(503)
  expect(r.body.error.data).toMatchObject({
    code: 'SERVICE_UNAVAILABLE',
    httpStatus: 503,
    appCode: 'SERVICE_BUSY',
  })
  const retryAfter = Number(r.res.headers.get('retry-after'))
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(60)
}

describe('hashing at capacity', () => {
  it('logins and registrations get 503 SERVICE_BUSY with Retry-After; reads answer 200', async () => {
    const release = fillHashingQueue()
    try {
      const logins = await Promise.all(Array.from({ length: 20 }, login))
      for (const r of logins) expectBusy(r)
      expectBusy(
        await mutate(t.app, 'auth.register', {
          email: uniqueEmail(),
          password: PASSWORD,
          name: 'N',
        }),
      )
      // Nothing that needs no hashing waits behind it.
      const me = await query(t.app, 'users.me', undefined, bearer(ada.token))
      expect(me.status).toBe(200)
      expect(me.body.result.data.email).toBe(ada.email)
      expect((await query(t.app, 'notes.list', {}, bearer(ada.token))).status).toBe(200)
      expect((await t.app.request('/healthz')).status).toBe(200)
    } finally {
      await release()
    }
    // The refusals left nothing behind: the next login goes through.
    expect((await login()).status).toBe(200)
  })

  it('auth.resetPassword checks the token before hashing: a junk token is 400, not 503', async () => {
    const release = fillHashingQueue()
    try {
      const r = await mutate(t.app, 'auth.resetPassword', {
        token: 'a'.repeat(32),
        password: 'a brand new passphrase',
      })
      expect(r.status).toBe(400)
      expect(r.body.error.data.appCode).toBe('INVALID_TOKEN')
    } finally {
      await release()
    }
  })
})

describe('a flood of logins', () => {
  it('is answered (signed in, or shed with 503) while reads keep answering 200', async () => {
    // One job per worker and no line at all: the flood is shed as it comes.
    const measured = passwordHashing.msPerHash
    passwordHashing.size(HASHING_BUDGET_MS)
    try {
      const flood = Promise.all(Array.from({ length: 30 }, login))
      for (let i = 0; i < 5; i++) {
        expect((await query(t.app, 'users.me', undefined, bearer(ada.token))).status).toBe(200)
        expect((await query(t.app, 'notes.list', {}, bearer(ada.token))).status).toBe(200)
      }
      for (const r of await flood) {
        if (r.status === 503) expectBusy(r)
        else expect(r.status).toBe(200)
      }
    } finally {
      passwordHashing.size(measured)
    }
  })
})
