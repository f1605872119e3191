import { defineJob } from '@inkwell/jobs'
import type { Mail } from '@inkwell/mail'
import { z } from 'zod'
import type { ApiDeps } from '../wiring/api-deps'

/** The notice that an account's password changed, with the way back if it was not its owner. */
export function passwordChangedMail(to: string, publicUrl: string, changedAt: Date): Mail {
  const when = `${changedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return {
    to,
    subject: 'Your Inkwell password was changed',
    text: [
      `The password of your Inkwell account was changed on ${when}.`,
      '',
      'If that was you, there is nothing to do.',
      '',
      'If it was not, someone else knows your password. Choose a new one here (it signs out',
      'every device):',
      `${publicUrl}/forgot-password`,
    ].join('\n'),
  }
}

/**
 * Tells the owner of an account that its password changed. Enqueued in the transaction that
 * changes it (`users.changePassword`, `auth.resetPassword`), so the notice goes if and only if
 * the change is made.
 */
export const sendPasswordChangedMail = defineJob({
  name: 'account.password-changed-mail',
  payload: z.object({ userId: z.uuid(), changedAt: z.iso.datetime() }),
  async handle({ userId, changedAt }, deps: ApiDeps, run) {
    const user = await deps.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!user) return
    const mail = passwordChangedMail(user.email, deps.settings.publicUrl, new Date(changedAt))
    await deps.mailer.send({ ...mail, id: run.id })
  },
})
