import type { ReceivedMail } from '@inkwell/mail/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendPasswordResetMail, sendVerificationMail } from '../src/modules/auth/jobs'
import { sendPasswordChangedMail } from '../src/shared/password-changed-notice'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, mailedToken, PASSWORD, signUp, uniqueEmail, uniqueIp } from './helpers'

const NEW_PASSWORD = 'a brand new passphrase'

describe('password change notices', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await createTestHarness()
  })
  afterAll(() => h.close())

  const noticesTo = (email: string) =>
    h.smtp.received.filter((m) => m.to.includes(email) && /password was changed/i.test(m.subject))
  const isNoticeTo = (email: string) => (m: ReceivedMail) =>
    m.to.includes(email) && /password was changed/i.test(m.subject)

  it('users.changePassword mails the owner a notice, with the way back', async () => {
    const account = await signUp(h)
    await h.caller({ token: account.token }).users.changePassword({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    })
    const notice = await h.smtp.waitFor(isNoticeTo(account.email))
    expect(notice.text).toMatch(/changed on \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(notice.text).toContain('http://app.test/forgot-password')
    await h.deps.jobs.settled()
    expect(noticesTo(account.email)).toHaveLength(1)
  })

  it('a refused change (WRONG_PASSWORD) mails nothing', async () => {
    const account = await signUp(h)
    await expectAppError(
      h.caller({ token: account.token }).users.changePassword({
        currentPassword: 'not the password',
        newPassword: NEW_PASSWORD,
      }),
      'WRONG_PASSWORD',
      400,
    )
    await h.deps.jobs.settled()
    expect(noticesTo(account.email)).toEqual([])
  })

  it('auth.resetPassword mails the notice too, and a refused reset none', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: account.email })
    const token = await mailedToken(h, account.email, 'reset-password', since)
    await expectAppError(
      h
        .caller({ ip: uniqueIp() })
        .auth.resetPassword({ token: 'x'.repeat(32), password: NEW_PASSWORD }),
      'INVALID_TOKEN',
      400,
    )
    await h.deps.jobs.settled()
    expect(noticesTo(account.email)).toEqual([])

    await h.caller({ ip: uniqueIp() }).auth.resetPassword({ token, password: NEW_PASSWORD })
    await h.smtp.waitFor(isNoticeTo(account.email))
    await h.deps.jobs.settled()
    expect(noticesTo(account.email)).toHaveLength(1)
  })

  it('gives a mail the Message-ID of its job', async () => {
    const account = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: account.email })
    await mailedToken(h, account.email, 'reset-password', since)
    const { rows } = await sql<{ id: string }>`
      select id from pgboss.job where name = ${sendPasswordResetMail.name}
        and data->>'email' = ${account.email}`.execute(h.db.kysely)
    expect(rows).toHaveLength(1)
    const mail = h.smtp.received
      .slice(since)
      .find((m) => m.to.includes(account.email) && m.text.includes('/reset-password?'))!
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${rows[0]!.id}@inkwell\\.test>$`, 'im'))
  })
})

describe('in the request, only a job is written', () => {
  // An instance that works no jobs (WORKER=off): what the request itself wrote stays visible.
  let h: TestHarness
  beforeAll(async () => {
    h = await createTestHarness({ worker: false })
  })
  afterAll(() => h.close())

  const jobsNamed = async (name: string) => {
    const { rows } = await sql<{ data: Record<string, unknown> }>`
      select data from pgboss.job where name = ${name} order by created_on`.execute(h.db.kysely)
    return rows.map((r) => r.data)
  }
  const tokenCount = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from one_time_tokens`.execute(h.db.kysely)
    return rows[0]?.n
  }

  it('auth.requestPasswordReset: the same for a known and an unknown address', async () => {
    const known = await signUp(h)
    const unknown = uniqueEmail('unknown')
    const tokensBefore = await tokenCount()
    for (const email of [known.email, unknown]) {
      expect(await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email })).toEqual({
        ok: true,
      })
    }
    // One job each, alike but for the address; no token yet: the job issues it when it mails.
    expect(await jobsNamed(sendPasswordResetMail.name)).toEqual([
      { email: known.email },
      { email: unknown },
    ])
    expect(await tokenCount()).toBe(tokensBefore)
    expect(h.smtp.received).toEqual([])
  })

  it('auth.register: a verification job with the account, none when it is refused', async () => {
    const email = uniqueEmail()
    const { user } = await h
      .caller({ ip: uniqueIp() })
      .auth.register({ email, password: PASSWORD, name: 'Ada' })
    const jobs = await jobsNamed(sendVerificationMail.name)
    expect(jobs.filter((data) => data.userId === user.id)).toHaveLength(1)

    await expectAppError(
      h.caller({ ip: uniqueIp() }).auth.register({ email, password: PASSWORD, name: 'Ada' }),
      'EMAIL_TAKEN',
      409,
    )
    expect(await jobsNamed(sendVerificationMail.name)).toEqual(jobs)
  })

  it('users.changePassword: the notice job commits with the change', async () => {
    const account = await signUp(h)
    await h.caller({ token: account.token }).users.changePassword({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    })
    const notices = await jobsNamed(sendPasswordChangedMail.name)
    expect(notices).toEqual([{ userId: account.id, changedAt: expect.any(String) }])
  })
})
