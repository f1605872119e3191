import type { Mail } from '@inkwell/mail'

/** The mail with a link to choose a new password. */
export function passwordResetMail(to: string, publicUrl: string, token: string): Mail {
  const link = `${publicUrl}/reset-password?token=${token}`
  return {
    to,
    subject: 'Reset your Inkwell password',
    text: [
      'Someone asked to reset the password of your Inkwell account.',
      '',
      'Choose a new password here (the link works once, for 30 minutes):',
      link,
      '',
      'If it was not you, ignore this mail: your password stays as it is.',
    ].join('\n'),
  }
}

/** The mail with a link that confirms the address. */
export function emailVerificationMail(to: string, publicUrl: string, token: string): Mail {
  const link = `${publicUrl}/verify-email?token=${token}`
  return {
    to,
    subject: 'Confirm your email for Inkwell',
    text: [
      'Confirm that this is your email address (the link works once, for 24 hours):',
      link,
    ].join('\n'),
  }
}
