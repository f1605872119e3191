import { hashToken } from '@inkwell/auth'
import { defineJob } from '@inkwell/jobs'
import type { Mail } from '@inkwell/mail'
import { z } from 'zod'
import type { ApiDeps } from '../../wiring/api-deps'
import { emailVerificationMail, passwordResetMail } from './mails'

/**
 * Mails a reset link if a live account has the address, and nothing otherwise. The request
 * enqueues this job whatever the address, so neither its answer nor its timing tells whether
 * an account exists. The token is issued when the mail leaves, so its 30 minutes start then.
 */
export const sendPasswordResetMail = defineJob({
  name: 'auth.password-reset-mail',
  payload: z.object({ email: z.string().max(254) }),
  async handle({ email }, deps: ApiDeps, run) {
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .where('deleted_at', 'is', null)
      .where('disabled', '=', false)
      .executeTakeFirst()
    if (!user) return
    const token = await deps.oneTimeTokens.issue('password_reset', user.id)
    const mail = passwordResetMail(user.email, deps.settings.publicUrl, token)
    await sendWithToken(deps, token, { ...mail, id: run.id })
  },
})

/** Mails a link that verifies the account's address, unless it is verified (or gone) by now. */
export const sendVerificationMail = defineJob({
  name: 'auth.email-verification-mail',
  payload: z.object({ userId: z.uuid() }),
  async handle({ userId }, deps: ApiDeps, run) {
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', userId)
      .where('deleted_at', 'is', null)
      .where('disabled', '=', false)
      .where('email_verified_at', 'is', null)
      .executeTakeFirst()
    if (!user) return
    const token = await deps.oneTimeTokens.issue('email_verification', user.id)
    const mail = emailVerificationMail(user.email, deps.settings.publicUrl, token)
    await sendWithToken(deps, token, { ...mail, id: run.id })
  },
})

/**
 * Sends a mail that carries `token`. If the mail does not leave, the token goes too: nobody
 * has seen it, and the retry issues its own.
 */
async function sendWithToken(deps: ApiDeps, token: string, mail: Mail): Promise<void> {
  try {
    await deps.mailer.send(mail)
  } catch (error) {
    await deps.db
      .deleteFrom('one_time_tokens')
      .where('token_hash', '=', hashToken(token))
      .execute()
      .catch(() => {})
    throw error
  }
}
