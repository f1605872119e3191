import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  readonly to: readonly string[]
  readonly subject: string
  /** The decoded body, quoted-printable soft breaks undone. */
  readonly text: string
  readonly raw: string
}

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`, to pass as `SMTP_URL`. */
  readonly url: string
  readonly received: readonly ReceivedMail[]
  /** Resolves with the first mail (already received or yet to come) that `match` accepts. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>
  /** Makes every following delivery fail with a 4xx/5xx reply (to test failure handling). */
  failDeliveries(fail: boolean): void
  /** Stops listening, as if the server were down: connections are refused. */
  stop(): Promise<void>
  /** Listens again on the same port after `stop()`. */
  start(): Promise<void>
  close(): Promise<void>
}

/**
 * A real SMTP server in the test process, speaking the real protocol on a random port.
 *
 * @example
 * const smtp = await startSmtpTestServer()
 * const mail = await smtp.waitFor((m) => m.to.includes('ada@example.com'))
 */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = []
  const waiters = new Set<{
    match: (m: ReceivedMail) => boolean
    resolve: (m: ReceivedMail) => void
  }>()
  let failing = false

  const listen = async (port: number): Promise<SMTPServer> => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (failing)
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
        else callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const mail = parse(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          )
          received.push(mail)
          for (const waiter of waiters) {
            if (waiter.match(mail)) {
              waiters.delete(waiter)
              waiter.resolve(mail)
            }
          }
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    return server
  }
  const closeServer = (server: SMTPServer) =>
    new Promise<void>((resolve) => server.close(() => resolve()))

  let server: SMTPServer | undefined = await listen(0)
  const { port } = server.server.address() as AddressInfo
  const stop = async () => {
    const running = server
    server = undefined
    if (running) await closeServer(running)
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 5_000) {
      const already = received.find(match)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve }
        waiters.add(waiter)
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error('no matching mail arrived'))
        }, timeoutMs).unref()
      })
    },
    failDeliveries(fail) {
      failing = fail
    },
    stop,
    async start() {
      server ??= await listen(port)
    },
    close: stop,
  }
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n\s+/g, ' ')
  const body = raw.slice(split + 4)
  const subject = /^subject: (.*)$/im.exec(head)?.[1] ?? ''
  const quotedPrintable = /content-transfer-encoding: quoted-printable/i.test(head)
  const text = quotedPrintable
    ? body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
          String.fromCharCode(Number.parseInt(hex, 16)),
        )
    : body
  return { to, subject, text, raw }
}
