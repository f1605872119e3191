import { hashToken } from '@inkwell/auth'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  isSignedIn,
  setCookies,
  signIn,
  signUp,
  signUpAdmin,
  uniqueIp,
} from './helpers'

let h: TestHarness
let admin: Account
beforeAll(async () => {
  h = await createTestHarness()
  admin = await signUpAdmin(h)
})
afterAll(() => h.close())

const USER_KEYS = ['avatarUrl', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'role']

async function canLogin(email: string, password: string): Promise<boolean> {
  try {
    await h.caller({ ip: uniqueIp() }).auth.login({ email, password })
    return true
  } catch {
    return false
  }
}

describe('users.me', () => {
  it('returns the caller, by bearer token or by cookie', async () => {
    const account = await signUp(h, { name: 'Katherine' })
    const me = await h.caller({ token: account.token }).users.me()
    expect(Object.keys(me).sort()).toEqual(USER_KEYS.sort())
    expect(me).toMatchObject({ id: account.id, email: account.email, name: 'Katherine' })
    // A query by cookie needs no Origin: it changes nothing.
    const byCookie = await h.caller({ cookie: `inkwell_session=${account.token}` }).users.me()
    expect(byCookie).toEqual(me)
  })

  it('is NOT_AUTHENTICATED without a valid session', async () => {
    await expectAppError(h.caller().users.me(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(h.caller({ token: 'nope' }).users.me(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(h.caller({ token: 'a'.repeat(500) }).users.me(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(
      h.caller({ authorization: 'Basic dXNlcjpwYXNz' }).users.me(),
      'NOT_AUTHENTICATED',
      401,
    )
    await expectAppError(
      h.caller({ cookie: 'inkwell_session=' }).users.me(),
      'NOT_AUTHENTICATED',
      401,
    )
  })

  it('is NOT_AUTHENTICATED once the session has expired', async () => {
    const account = await signUp(h)
    await h.db.kysely
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(account.token))
      .execute()
    await expectAppError(h.caller({ token: account.token }).users.me(), 'NOT_AUTHENTICATED', 401)
  })

  it('is NOT_AUTHENTICATED from the moment the account is disabled or deleted', async () => {
    const disabled = await signUp(h)
    const deleted = await signUp(h)
    // Flip the flags underneath, as another server instance would: no session survives it.
    await h.db.kysely
      .updateTable('users')
      .set({ disabled: true })
      .where('id', '=', disabled.id)
      .execute()
    await h.db.kysely
      .updateTable('users')
      .set({ deleted_at: new Date() })
      .where('id', '=', deleted.id)
      .execute()
    await expectAppError(h.caller({ token: disabled.token }).users.me(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(h.caller({ token: deleted.token }).users.me(), 'NOT_AUTHENTICATED', 401)
  })
})

describe('users.update', () => {
  it('changes the name (trimmed) and nothing else', async () => {
    const account = await signUp(h, { name: 'Old Name' })
    const before = await h.caller({ token: account.token }).users.me()
    const updated = await h.caller({ token: account.token }).users.update({ name: '  New Name ' })
    expect(updated).toEqual({ ...before, name: 'New Name' })
    expect(await h.caller({ token: account.token }).users.me()).toEqual(updated)
  })

  it('with no changes returns the user as is', async () => {
    const account = await signUp(h)
    const before = await h.caller({ token: account.token }).users.me()
    expect(await h.caller({ token: account.token }).users.update({})).toEqual(before)
  })

  it('ignores fields it does not own: a user cannot make itself an admin', async () => {
    const account = await signUp(h)
    // Extra fields, as a hand-written client could send them.
    const input = { name: 'Sneaky', role: 'admin', email: 'other@example.com', disabled: true }
    const updated = await h.caller({ token: account.token }).users.update(input)
    expect(updated).toMatchObject({ name: 'Sneaky', role: 'user', email: account.email })
    await expectAppError(h.caller({ token: account.token }).admin.users.list(), 'FORBIDDEN', 403)
  })

  it('refuses an empty or overlong name as VALIDATION_FAILED', async () => {
    const account = await signUp(h)
    for (const name of ['', '   ', 'n'.repeat(101)]) {
      const error = await expectAppError(
        h.caller({ token: account.token }).users.update({ name }),
        'VALIDATION_FAILED',
        400,
      )
      expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(['name'])
    }
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    await expectAppError(h.caller().users.update({ name: 'x' }), 'NOT_AUTHENTICATED', 401)
  })
})

describe('users.changePassword', () => {
  const NEW_PASSWORD = 'an entirely new passphrase'

  it('changes the password, ends every other session and issues a fresh one', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    const issued = await h
      .caller({ token: account.token, userAgent: 'Changer/1.0' })
      .users.changePassword({ currentPassword: account.password, newPassword: NEW_PASSWORD })

    expect(issued.user).toMatchObject({ id: account.id, email: account.email })
    expect(setCookies(h)[0]).toMatch(new RegExp(`^inkwell_session=${issued.session.token};`))
    expect(await isSignedIn(h, issued.session.token)).toBe(true)
    expect(await isSignedIn(h, other)).toBe(false)
    // The session that made the change is replaced by the fresh one as well.
    expect(await isSignedIn(h, account.token)).toBe(false)
    const sessions = await h.caller({ token: issued.session.token }).users.sessions()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ current: true, userAgent: 'Changer/1.0' })

    expect(await canLogin(account.email, account.password)).toBe(false)
    expect(await canLogin(account.email, NEW_PASSWORD)).toBe(true)
  })

  it('refuses a wrong current password with WRONG_PASSWORD and changes nothing', async () => {
    const account = await signUp(h)
    const other = await signIn(h, account)
    const error = await expectAppError(
      h
        .caller({ token: account.token })
        .users.changePassword({ currentPassword: 'not my password', newPassword: NEW_PASSWORD }),
      'WRONG_PASSWORD',
      400,
    )
    expect(error.data.fieldErrors?.currentPassword).toEqual([expect.any(String)])
    expect(await isSignedIn(h, account.token)).toBe(true)
    expect(await isSignedIn(h, other)).toBe(true)
    expect(await canLogin(account.email, account.password)).toBe(true)
  })

  it('applies the new-password rules to the new password', async () => {
    const account = await signUp(h)
    const change = (newPassword: string) =>
      h
        .caller({ token: account.token })
        .users.changePassword({ currentPassword: account.password, newPassword })
    const common = await expectAppError(change('iloveyou'), 'VALIDATION_FAILED', 400)
    expect(Object.keys(common.data.fieldErrors ?? {})).toEqual(['newPassword'])
    const short = await expectAppError(change('1234567'), 'VALIDATION_FAILED', 400)
    expect(Object.keys(short.data.fieldErrors ?? {})).toEqual(['newPassword'])
    const long = await expectAppError(change('y'.repeat(257)), 'VALIDATION_FAILED', 400)
    expect(Object.keys(long.data.fieldErrors ?? {})).toEqual(['newPassword'])
    expect(await isSignedIn(h, account.token)).toBe(true)
    expect(await canLogin(account.email, account.password)).toBe(true)
  })

  it('refuses an empty current password as VALIDATION_FAILED', async () => {
    const account = await signUp(h)
    const error = await expectAppError(
      h
        .caller({ token: account.token })
        .users.changePassword({ currentPassword: '', newPassword: NEW_PASSWORD }),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors?.currentPassword).toBeDefined()
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    await expectAppError(
      h.caller().users.changePassword({ currentPassword: 'x', newPassword: NEW_PASSWORD }),
      'NOT_AUTHENTICATED',
      401,
    )
  })

  it('keeps the admin role and other users untouched', async () => {
    const bystander = await signUp(h)
    const admin2 = await signUpAdmin(h)
    const issued = await h
      .caller({ token: admin2.token })
      .users.changePassword({ currentPassword: admin2.password, newPassword: NEW_PASSWORD })
    expect(issued.user.role).toBe('admin')
    expect(await isSignedIn(h, bystander.token)).toBe(true)
    expect(await isSignedIn(h, admin.token)).toBe(true)
  })
})
