import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

export interface Mail {
  readonly to: string
  readonly subject: string
  readonly text: string
  /**
   * A stable id (a job's id): the mail's `Message-ID` is made from it, so a mail sent twice
   * (a retry after a crash that followed the delivery) carries the same one, and clients
   * that dedupe by it show it once. Unset: a random `Message-ID`.
   */
  readonly id?: string | undefined
}

/**
 * How long an SMTP connection may take to open, greet, and go quiet. A send thus fails within
 * about a minute instead of hanging (nodemailer's own socket timeout is 10 minutes), well
 * within the two minutes a mail job's attempt may run.
 */
export const smtpTimeouts = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
} as const

/** The subset of a pino logger the mailer writes to. */
export interface MailLogger {
  info(details: object, message: string): void
  error(details: object, message: string): void
}

/**
 * Sends the product's mail: over SMTP when `SMTP_URL` is set, else to the log and an outbox
 * folder of `.eml` files. Made by `createMailer`; services get it as `deps.mailer`.
 *
 * @example
 * const mailer = createMailer({ smtpUrl: 'smtp://localhost:1025', from: 'Inkwell <no-reply@example.com>', outbox: '.data/mail', logger })
 * await mailer.send({ to: 'ada@example.com', subject: 'Hello', text: 'Welcome to Inkwell' })
 */
export interface Mailer {
  /**
   * Sends now; rejects when the transport fails, in which case the server did not accept the
   * mail (an SMTP delivery is accepted whole or not at all), so sending again sends it once.
   */
  send(mail: Mail): Promise<void>
  /**
   * Sends in the background: the caller does not wait and never sees a failure, which is
   * logged instead. For mail whose delivery must not show in a response's status or timing.
   */
  dispatch(mail: Mail): void
  /** Waits for background sends to finish, then closes the transport. */
  close(): Promise<void>
}

export interface MailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…`. Unset: mail goes to the log and to `outbox`. */
  readonly smtpUrl?: string | undefined
  /** `From:` of every mail. */
  readonly from: string
  /** Folder for `.eml` files when there is no SMTP server (made mode 0700, files 0600). */
  readonly outbox: string
  readonly logger: MailLogger
  /**
   * Log each outbox mail's text (its links carry tokens). For development only: elsewhere the
   * log line names the `.eml` file instead.
   */
  readonly logBodies?: boolean
}

/**
 * A mailer over SMTP when `smtpUrl` is set; otherwise one that writes each mail to the log
 * and as an `.eml` file to `outbox`, so development needs no mail server.
 *
 * @example
 * const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: 'Inkwell <no-reply@inkwell.local>', outbox: '.data/mail', logger })
 * mailer.dispatch({ to: 'ada@example.com', subject: 'Hi', text: 'Hello' })
 */
export function createMailer(options: MailerOptions): Mailer {
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, ...smtpTimeouts })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const pending = new Set<Promise<void>>()
  const domain = /@([^\s>]+)>?\s*$/.exec(options.from)?.[1] ?? 'inkwell.invalid'

  async function send({ id, ...mail }: Mail): Promise<void> {
    const messageId = id ? { messageId: `<${id}@${domain}>` } : {}
    const info = await transport.sendMail({ from: options.from, ...mail, ...messageId })
    if (!options.smtpUrl) await saveToOutbox(options, info.messageId, info.message, mail)
  }

  return {
    send,
    dispatch(mail) {
      const sending = send(mail)
        .catch((error: unknown) =>
          options.logger.error({ err: error, subject: mail.subject }, 'mail not sent'),
        )
        .finally(() => pending.delete(sending))
      pending.add(sending)
    },
    async close() {
      await Promise.allSettled([...pending])
      transport.close()
    },
  }
}

async function saveToOutbox(
  options: MailerOptions,
  messageId: string,
  message: unknown,
  mail: Mail,
): Promise<void> {
  const { outbox, logger } = options
  // The mails carry sign-in links (reset and verification tokens): for this user's eyes only,
  // also when the folder was made by an older version with the umask's looser mode.
  await mkdir(outbox, { recursive: true, mode: 0o700 })
  await chmod(outbox, 0o700)
  const file = join(
    outbox,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${messageId.replace(/[^\w.-]/g, '')}.eml`,
  )
  // `wx`: a new file, never one (or a link) already there.
  await writeFile(file, message as Buffer, { mode: 0o600, flag: 'wx' })
  const text = options.logBodies ? { text: mail.text } : {}
  logger.info({ to: mail.to, subject: mail.subject, file, ...text }, 'mail written to outbox')
}
