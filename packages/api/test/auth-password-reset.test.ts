import { hashToken } from '@inkwell/auth'
import type { ReceivedMail } from '@inkwell/mail/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendPasswordResetMail } from '../src/modules/auth/jobs'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  isSignedIn,
  mailedToken,
  signIn,
  signUp,
  signUpAdmin,
  uniqueEmail,
  uniqueIp,
  waitUntil,
} from './helpers'

let h: TestHarness
let admin: Account
beforeAll(async () => {
  h = await createTestHarness()
  admin = await signUpAdmin(h)
})
afterAll(() => h.close())

const NEW_PASSWORD = 'a brand new passphrase'

const requestReset = (email: string) =>
  h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email })
const resetPassword = (token: string, password = NEW_PASSWORD) =>
  h.caller({ ip: uniqueIp() }).auth.resetPassword({ token, password })

/** Asks for a reset link for `email` and returns the token from the mail. */
async function resetToken(email: string): Promise<string> {
  const since = h.smtp.received.length
  await requestReset(email)
  return mailedToken(h, email, 'reset-password', since)
}

async function canLogin(email: string, password: string): Promise<boolean> {
  try {
    await h.caller({ ip: uniqueIp() }).auth.login({ email, password })
    return true
  } catch {
    return false
  }
}

describe('auth.requestPasswordReset', () => {
  it('mails a link with a token of at least 128 bits to a known address', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    expect(await requestReset(account.email)).toEqual({ ok: true })
    const token = await mailedToken(h, account.email, 'reset-password', since)
    expect(token.length).toBeGreaterThanOrEqual(26)
    const mail = h.smtp.received.find((m) => m.text.includes(token))!
    expect(mail.text).toContain(`http://app.test/reset-password?token=${token}`)
    expect(mail.subject).toMatch(/reset/i)
  })

  it('stores the token hashed, valid for 30 minutes', async () => {
    const account = await signUp(h)
    const token = await resetToken(account.email)
    const row = await h.db.kysely
      .selectFrom('one_time_tokens')
      .select(['token_hash', 'expires_at'])
      .where('user_id', '=', account.id)
      .where('kind', '=', 'password_reset')
      .executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(hashToken(token))
    const minutes = (row.expires_at.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(29)
    expect(minutes).toBeLessThanOrEqual(30)
  })

  it('accepts the address in any case and with spaces', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    await requestReset(`  ${account.email.toUpperCase()} `)
    expect(await mailedToken(h, account.email, 'reset-password', since)).toBeTruthy()
  })

  it('answers the same for unknown, disabled, deleted and malformed addresses, mailing none', async () => {
    const disabled = await signUp(h)
    const deleted = await signUp(h)
    await h.caller({ token: admin.token }).admin.users.update({ id: disabled.id, disabled: true })
    await h.caller({ token: admin.token }).admin.users.delete({ id: deleted.id })
    const unknown = uniqueEmail('unknown')
    for (const email of [unknown, disabled.email, deleted.email, 'not an email at all']) {
      expect(await requestReset(email)).toEqual({ ok: true })
    }

    // A known address asked afterwards gets its mail; none of the others got one.
    const marker = await signUp(h)
    await resetToken(marker.email)
    const resetMails = h.smtp.received.filter((m) => /reset-password\?token=/.test(m.text))
    for (const email of [unknown, disabled.email, deleted.email]) {
      expect(resetMails.filter((m) => m.to.includes(email))).toEqual([])
    }
  })

  it('answers ok while the mail server is down; the mail follows, once, when it is back', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    const isReset = (m: ReceivedMail) =>
      h.smtp.received.indexOf(m) >= since &&
      m.to.includes(account.email) &&
      /reset-password\?token=/.test(m.text)
    const failedAttempts = () => h.deps.jobs.stats().byJob[sendPasswordResetMail.name]?.failed ?? 0
    const failedBefore = failedAttempts()
    await h.smtp.stop()
    try {
      expect(await requestReset(account.email)).toEqual({ ok: true })
      // The job's first attempt fails against the stopped server; it retries within 30 s.
      await waitUntil(() => failedAttempts() > failedBefore)
    } finally {
      await h.smtp.start()
    }
    expect(h.smtp.received.filter(isReset)).toEqual([])

    const mail = await h.smtp.waitFor(isReset, 45_000)
    await h.deps.jobs.settled()
    expect(h.smtp.received.filter(isReset)).toEqual([mail])
    // One live token, the one mailed: the failed attempt's went with its mail.
    const token = /reset-password\?token=([a-z0-9]+)/.exec(mail.text)?.[1] ?? ''
    const tokens = await h.db.kysely
      .selectFrom('one_time_tokens')
      .select('token_hash')
      .where('user_id', '=', account.id)
      .where('kind', '=', 'password_reset')
      .execute()
    expect(tokens).toEqual([{ token_hash: hashToken(token) }])
    expect(await resetPassword(token)).toEqual({ ok: true })
  }, 90_000)
})

describe('auth.resetPassword', () => {
  it('sets the new password and ends every session of the account', async () => {
    const account = await signUp(h)
    const second = await signIn(h, account)
    const token = await resetToken(account.email)
    expect(await resetPassword(token)).toEqual({ ok: true })

    expect(await isSignedIn(h, account.token)).toBe(false)
    expect(await isSignedIn(h, second)).toBe(false)
    expect(await canLogin(account.email, account.password)).toBe(false)
    expect(await canLogin(account.email, NEW_PASSWORD)).toBe(true)
  })

  it('proves the address: the account counts as verified afterwards', async () => {
    const account = await signUp(h)
    await resetPassword(await resetToken(account.email))
    const issued = await h
      .caller({ ip: uniqueIp() })
      .auth.login({ email: account.email, password: NEW_PASSWORD })
    expect(issued.user.emailVerified).toBe(true)
  })

  it('works once: the same token again is INVALID_TOKEN', async () => {
    const account = await signUp(h)
    const token = await resetToken(account.email)
    await resetPassword(token)
    await expectAppError(resetPassword(token, 'yet another passphrase'), 'INVALID_TOKEN', 400)
    expect(await canLogin(account.email, NEW_PASSWORD)).toBe(true)
  })

  it('ends every other reset link of the account too', async () => {
    const account = await signUp(h)
    const older = await resetToken(account.email)
    const newer = await resetToken(account.email)
    expect(older).not.toBe(newer)
    await resetPassword(newer)
    await expectAppError(resetPassword(older, 'yet another passphrase'), 'INVALID_TOKEN', 400)
    expect(await canLogin(account.email, NEW_PASSWORD)).toBe(true)
  })

  it('lets only one of two concurrent uses of a token succeed', async () => {
    const account = await signUp(h)
    const token = await resetToken(account.email)
    const results = await Promise.allSettled([
      resetPassword(token, 'first concurrent passphrase'),
      resetPassword(token, 'second concurrent passphrase'),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected')!
    await expectAppError(Promise.reject(lost.reason), 'INVALID_TOKEN', 400)
    const winners = await Promise.all([
      canLogin(account.email, 'first concurrent passphrase'),
      canLogin(account.email, 'second concurrent passphrase'),
    ])
    expect(winners.filter(Boolean)).toHaveLength(1)
  })

  it('refuses an expired token with INVALID_TOKEN', async () => {
    const account = await signUp(h)
    const token = await resetToken(account.email)
    await h.db.kysely
      .updateTable('one_time_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(token))
      .execute()
    await expectAppError(resetPassword(token), 'INVALID_TOKEN', 400)
    expect(await canLogin(account.email, account.password)).toBe(true)
  })

  it('refuses unknown tokens and email-verification tokens with INVALID_TOKEN', async () => {
    await expectAppError(resetPassword('a'.repeat(32)), 'INVALID_TOKEN', 400)
    const email = uniqueEmail()
    const since = h.smtp.received.length
    await signUp(h, { email })
    const verification = await mailedToken(h, email, 'verify-email', since)
    await expectAppError(resetPassword(verification), 'INVALID_TOKEN', 400)
    // Not used up by the failed attempt: it still verifies the address.
    const user = await h.caller().auth.verifyEmail({ token: verification })
    expect(user.emailVerified).toBe(true)
  })

  it('refuses a token of an account disabled or deleted since the mail', async () => {
    const disabled = await signUp(h)
    const deleted = await signUp(h)
    const disabledToken = await resetToken(disabled.email)
    const deletedToken = await resetToken(deleted.email)
    await h.caller({ token: admin.token }).admin.users.update({ id: disabled.id, disabled: true })
    await h.caller({ token: admin.token }).admin.users.delete({ id: deleted.id })
    await expectAppError(resetPassword(disabledToken), 'INVALID_TOKEN', 400)
    await expectAppError(resetPassword(deletedToken), 'INVALID_TOKEN', 400)
  })

  it('applies the new-password rules, and a refused password does not use up the token', async () => {
    const account = await signUp(h)
    const token = await resetToken(account.email)
    const common = await expectAppError(resetPassword(token, 'password123'), 'VALIDATION_FAILED')
    expect(common.data.fieldErrors?.password).toEqual([expect.any(String)])
    const short = await expectAppError(resetPassword(token, 'short'), 'VALIDATION_FAILED', 400)
    expect(short.data.fieldErrors?.password).toBeDefined()
    const long = await expectAppError(resetPassword(token, 'x'.repeat(257)), 'VALIDATION_FAILED')
    expect(long.data.fieldErrors?.password).toBeDefined()

    expect(await resetPassword(token)).toEqual({ ok: true })
  })

  it('refuses an empty or oversized token as VALIDATION_FAILED', async () => {
    const empty = await expectAppError(resetPassword(''), 'VALIDATION_FAILED', 400)
    expect(empty.data.fieldErrors?.token).toBeDefined()
    const long = await expectAppError(resetPassword('a'.repeat(129)), 'VALIDATION_FAILED', 400)
    expect(long.data.fieldErrors?.token).toBeDefined()
  })
})
