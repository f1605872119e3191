import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext, requestMeta } from '../src/context'
import { createCaller } from '../src/root'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  expectAppError,
  isSignedIn,
  mailedToken,
  PASSWORD,
  setCookies,
  uniqueEmail,
  uniqueIp,
} from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

const register = (input: { email: string; password?: string; name?: string }) =>
  h.caller({ ip: uniqueIp() }).auth.register({ password: PASSWORD, name: 'Ada', ...input })

describe('auth.register', () => {
  it('creates the account, signs it in and returns the public user only', async () => {
    const email = uniqueEmail()
    const issued = await h
      .caller({ ip: '203.0.113.7', userAgent: 'Test Browser/1.0' })
      .auth.register({ email, password: PASSWORD, name: '  Ada Lovelace  ' })

    expect(Object.keys(issued).sort()).toEqual(['session', 'user'])
    expect(Object.keys(issued.user).sort()).toEqual(
      ['avatarUrl', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'role'].sort(),
    )
    expect(issued.user).toMatchObject({
      email,
      name: 'Ada Lovelace',
      role: 'user',
      emailVerified: false,
      avatarUrl: null,
    })
    expect(new Date(issued.user.createdAt).toISOString()).toBe(issued.user.createdAt)
    // At least 160 bits of randomness in the token.
    expect(issued.session.token.length).toBeGreaterThanOrEqual(32)
    const days = (Date.parse(issued.session.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThanOrEqual(30)

    const me = await h.caller({ token: issued.session.token }).users.me()
    expect(me).toEqual(issued.user)
  })

  it('trims and lower-cases the email', async () => {
    const email = uniqueEmail('MiXeD')
    const issued = await register({ email: `  ${email.toUpperCase()}\t` })
    expect(issued.user.email).toBe(email.toLowerCase())
    // And the stored address is the normalised one: login with any casing works.
    const login = await h
      .caller({ ip: uniqueIp() })
      .auth.login({ email: email.toUpperCase(), password: PASSWORD })
    expect(login.user.id).toBe(issued.user.id)
  })

  it('stores only a hash of the password and of the session token', async () => {
    const issued = await register({ email: uniqueEmail() })
    const user = await h.db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', issued.user.id)
      .executeTakeFirstOrThrow()
    expect(user.password_hash).toMatch(/^\$argon2id\$/)
    expect(user.password_hash).not.toContain(PASSWORD)
    const sessions = await h.db.kysely
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', issued.user.id)
      .execute()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]?.token_hash).not.toBe(issued.session.token)
    expect(sessions[0]?.token_hash).not.toContain(issued.session.token)
  })

  it('sets the session cookie: HttpOnly, SameSite=Lax, Path=/, not Secure over http', async () => {
    const issued = await register({ email: uniqueEmail() })
    const cookies = setCookies(h)
    expect(cookies).toHaveLength(1)
    const cookie = cookies[0]!
    expect(cookie.startsWith(`inkwell_session=${issued.session.token};`)).toBe(true)
    expect(cookie).toMatch(/; HttpOnly(;|$)/)
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/)
    expect(cookie).toMatch(/; Path=\/(;|$)/)
    expect(cookie).not.toMatch(/Secure/)
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1])
    expect(maxAge).toBeGreaterThan(29 * 86_400)
    expect(maxAge).toBeLessThanOrEqual(30 * 86_400)
  })

  it('marks the cookie Secure when the public URL is https', async () => {
    // The same API and database, configured as behind https.
    const deps = { ...h.deps, settings: { ...h.deps.settings, secureCookies: true } }
    const resHeaders = new Headers()
    await createCaller(createContext({ deps, req: requestMeta(), resHeaders })).auth.register({
      email: uniqueEmail(),
      password: PASSWORD,
      name: 'S',
    })
    expect(resHeaders.getSetCookie()[0]).toMatch(/; Secure(;|$)/)
  })

  it('mails a verification link to the new address', async () => {
    const email = uniqueEmail()
    const since = h.smtp.received.length
    await register({ email })
    const token = await mailedToken(h, email, 'verify-email', since)
    const mail = h.smtp.received.find((m) => m.text.includes(token))!
    expect(mail.text).toContain(`http://app.test/verify-email?token=${token}`)
  })

  it('refuses a taken email with EMAIL_TAKEN, whatever its case', async () => {
    const email = uniqueEmail()
    await register({ email })
    await expectAppError(register({ email }), 'EMAIL_TAKEN', 409)
    await expectAppError(register({ email: email.toUpperCase() }), 'EMAIL_TAKEN', 409)
    await expectAppError(register({ email: ` ${email} ` }), 'EMAIL_TAKEN', 409)
  })

  it('lets exactly one of two concurrent registrations of one email win', async () => {
    const email = uniqueEmail()
    const results = await Promise.allSettled([
      register({ email }),
      register({ email: email.toUpperCase() }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failure = results.find((r) => r.status === 'rejected')!
    await expectAppError(Promise.reject(failure.reason), 'EMAIL_TAKEN', 409)
    const rows = await h.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('accepts passwords of 8 and of 256 characters', async () => {
    const short = await register({ email: uniqueEmail(), password: 'qz7!mv2k' })
    expect(await isSignedIn(h, short.session.token)).toBe(true)
    const long = 'x9'.repeat(128)
    const email = uniqueEmail()
    await register({ email, password: long })
    const login = await h.caller({ ip: uniqueIp() }).auth.login({ email, password: long })
    expect(login.user.email).toBe(email)
  })

  it('refuses passwords under 8 or over 256 characters with fieldErrors.password', async () => {
    for (const password of ['qz7!mv2', `${'x9'.repeat(128)}x`]) {
      const error = await expectAppError(
        register({ email: uniqueEmail(), password }),
        'VALIDATION_FAILED',
        400,
      )
      expect(error.data.fieldErrors?.password?.length).toBeGreaterThan(0)
      expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(['password'])
    }
  })

  it('has no composition rules: a long lower-case passphrase is fine', async () => {
    const issued = await register({ email: uniqueEmail(), password: 'purple monkey dishwasher' })
    expect(issued.user.id).toBeTruthy()
  })

  it('refuses a common password, whatever its case, with fieldErrors.password', async () => {
    for (const password of ['password', 'Password1', 'QWERTYUIOP', '12345678']) {
      const email = uniqueEmail()
      const error = await expectAppError(register({ email, password }), 'VALIDATION_FAILED', 400)
      expect(error.data.fieldErrors?.password).toEqual([expect.any(String)])
      // Nothing was created: the email is still free.
      const rows = await h.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .execute()
      expect(rows).toEqual([])
    }
  })

  it('refuses a malformed email, an empty name and a missing field as VALIDATION_FAILED', async () => {
    const badEmail = await expectAppError(register({ email: 'not-an-email' }), 'VALIDATION_FAILED')
    expect(Object.keys(badEmail.data.fieldErrors ?? {})).toEqual(['email'])
    const longEmail = `${'a'.repeat(250)}@example.com`
    const tooLong = await expectAppError(register({ email: longEmail }), 'VALIDATION_FAILED')
    expect(Object.keys(tooLong.data.fieldErrors ?? {})).toEqual(['email'])
    const emptyName = await expectAppError(
      register({ email: uniqueEmail(), name: '   ' }),
      'VALIDATION_FAILED',
    )
    expect(Object.keys(emptyName.data.fieldErrors ?? {})).toEqual(['name'])
    const missing = await expectAppError(
      // @ts-expect-error: the name is required
      h.caller().auth.register({ email: uniqueEmail(), password: PASSWORD }),
      'VALIDATION_FAILED',
      400,
    )
    expect(missing.data.fieldErrors?.name).toBeDefined()
    expect(missing.message).toBe('Invalid input')
  })
})
