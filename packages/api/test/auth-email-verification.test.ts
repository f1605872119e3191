import { hashToken } from '@inkwell/auth'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  mailedToken,
  signUp,
  signUpAdmin,
  uniqueEmail,
  uniqueIp,
} from './helpers'

let h: TestHarness
let admin: Account
beforeAll(async () => {
  h = await createTestHarness()
  admin = await signUpAdmin(h)
})
afterAll(() => h.close())

/** Registers an account and returns it with the token of its verification mail. */
async function signUpWithLink(): Promise<Account & { link: string }> {
  const email = uniqueEmail()
  const since = h.smtp.received.length
  const account = await signUp(h, { email })
  return { ...account, link: await mailedToken(h, email, 'verify-email', since) }
}

const verify = (token: string) => h.caller().auth.verifyEmail({ token })

async function verificationTokenCount(userId: string): Promise<number> {
  const rows = await h.db.kysely
    .selectFrom('one_time_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where('kind', '=', 'email_verification')
    .execute()
  return rows.length
}

describe('auth.verifyEmail', () => {
  it('marks the address verified, without needing a session, and returns the user', async () => {
    const account = await signUpWithLink()
    expect((await h.caller({ token: account.token }).users.me()).emailVerified).toBe(false)
    const user = await verify(account.link)
    expect(user).toMatchObject({ id: account.id, email: account.email, emailVerified: true })
    expect(Object.keys(user).sort()).toEqual(
      ['avatarUrl', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'role'].sort(),
    )
    expect((await h.caller({ token: account.token }).users.me()).emailVerified).toBe(true)
  })

  it('stores the token hashed, valid for 24 hours', async () => {
    const account = await signUpWithLink()
    const row = await h.db.kysely
      .selectFrom('one_time_tokens')
      .select(['token_hash', 'expires_at'])
      .where('user_id', '=', account.id)
      .executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(hashToken(account.link))
    const hours = (row.expires_at.getTime() - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)
  })

  it('works once: the same link again is INVALID_TOKEN', async () => {
    const account = await signUpWithLink()
    await verify(account.link)
    await expectAppError(verify(account.link), 'INVALID_TOKEN', 400)
  })

  it('lets only one of two concurrent uses of a link succeed', async () => {
    const account = await signUpWithLink()
    const results = await Promise.allSettled([verify(account.link), verify(account.link)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected')!
    await expectAppError(Promise.reject(lost.reason), 'INVALID_TOKEN', 400)
  })

  it('refuses an expired link with INVALID_TOKEN', async () => {
    const account = await signUpWithLink()
    await h.db.kysely
      .updateTable('one_time_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(account.link))
      .execute()
    await expectAppError(verify(account.link), 'INVALID_TOKEN', 400)
    expect((await h.caller({ token: account.token }).users.me()).emailVerified).toBe(false)
  })

  it('refuses unknown tokens and password-reset tokens with INVALID_TOKEN', async () => {
    await expectAppError(verify('b'.repeat(32)), 'INVALID_TOKEN', 400)
    const account = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: account.email })
    const reset = await mailedToken(h, account.email, 'reset-password', since)
    await expectAppError(verify(reset), 'INVALID_TOKEN', 400)
    // The reset token was not used up by the attempt.
    const ok = await h
      .caller({ ip: uniqueIp() })
      .auth.resetPassword({ token: reset, password: 'a fresh passphrase' })
    expect(ok).toEqual({ ok: true })
  })

  it('refuses the link of an account deleted since the mail', async () => {
    const account = await signUpWithLink()
    await h.caller({ token: admin.token }).admin.users.delete({ id: account.id })
    await expectAppError(verify(account.link), 'INVALID_TOKEN', 400)
  })

  it('refuses an empty or oversized token as VALIDATION_FAILED', async () => {
    const empty = await expectAppError(verify(''), 'VALIDATION_FAILED', 400)
    expect(empty.data.fieldErrors?.token).toBeDefined()
    await expectAppError(verify('c'.repeat(129)), 'VALIDATION_FAILED', 400)
  })
})

describe('auth.requestEmailVerification', () => {
  it('needs a session: NOT_AUTHENTICATED without one', async () => {
    await expectAppError(h.caller().auth.requestEmailVerification(), 'NOT_AUTHENTICATED', 401)
    await expectAppError(
      h.caller({ token: 'expired-or-made-up' }).auth.requestEmailVerification(),
      'NOT_AUTHENTICATED',
      401,
    )
  })

  it('mails a fresh link that verifies the address', async () => {
    const account = await signUpWithLink()
    const since = h.smtp.received.length
    expect(await h.caller({ token: account.token }).auth.requestEmailVerification()).toEqual({
      ok: true,
    })
    const fresh = await mailedToken(h, account.email, 'verify-email', since)
    expect(fresh).not.toBe(account.link)
    expect((await verify(fresh)).emailVerified).toBe(true)
  })

  it('sends nothing once the address is verified', async () => {
    const account = await signUpWithLink()
    await verify(account.link)
    const before = await verificationTokenCount(account.id)
    expect(await h.caller({ token: account.token }).auth.requestEmailVerification()).toEqual({
      ok: true,
    })
    expect(await verificationTokenCount(account.id)).toBe(before)
  })
})
