import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'

export interface Mail {
  readonly to: string
  readonly subject: string
  readonly text: string
}

/** The subset of a pino logger the mailer writes to. */
export interface MailLogger {
  info(details: object, message: string): void
  error(details: object, message: string): void
}

export interface Mailer {
  /** Sends now; rejects when the transport fails. */
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
  /** Folder for `.eml` files when there is no SMTP server. */
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
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const pending = new Set<Promise<void>>()

  async function send(mail: Mail): Promise<void> {
    const info = await transport.sendMail({ from: options.from, ...mail })
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
  await mkdir(outbox, { recursive: true })
  const file = join(
    outbox,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${messageId.replace(/[^\w.-]/g, '')}.eml`,
  )
  await writeFile(file, message as Buffer)
  const text = options.logBodies ? { text: mail.text } : {}
  logger.info({ to: mail.to, subject: mail.subject, file, ...text }, 'mail written to outbox')
}
