import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer, type MailLogger } from '../src'
import { type SmtpTestServer, startSmtpTestServer } from '../src/testing'

const logged: { level: string; details: object; message: string }[] = []
const logger: MailLogger = {
  info: (details, message) => logged.push({ level: 'info', details, message }),
  error: (details, message) => logged.push({ level: 'error', details, message }),
}

let smtp: SmtpTestServer
beforeAll(async () => {
  smtp = await startSmtpTestServer()
})
afterAll(() => smtp.close())

describe('createMailer over SMTP', () => {
  it('delivers through the SMTP server', async () => {
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'Inkwell <no-reply@inkwell.test>',
      outbox: 'unused',
      logger,
    })
    await mailer.send({
      to: 'ada@example.com',
      subject: 'Hello',
      text: 'Visit http://localhost/x?token=abc',
    })
    const mail = await smtp.waitFor((m) => m.to.includes('ada@example.com'))
    expect(mail.subject).toBe('Hello')
    expect(mail.text).toContain('token=abc')
    await mailer.close()
  })

  it('logs, and does not throw to the caller, when a background send fails', async () => {
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'no-reply@inkwell.test',
      outbox: 'unused',
      logger,
    })
    smtp.failDeliveries(true)
    try {
      mailer.dispatch({ to: 'bob@example.com', subject: 'Lost', text: 'x' })
      await mailer.close()
    } finally {
      smtp.failDeliveries(false)
    }
    expect(logged.some((l) => l.level === 'error' && l.message === 'mail not sent')).toBe(true)
    expect(smtp.received.some((m) => m.subject === 'Lost')).toBe(false)
  })
})

describe('createMailer over SMTP, when things go wrong', () => {
  const from = 'Inkwell <no-reply@inkwell.test>'

  it('gives a mail with an id the same Message-ID every time it is sent', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from, outbox: 'unused', logger })
    const mail = { to: 'cy@example.com', subject: 'Twice', text: 'x', id: 'job-42' }
    await mailer.send(mail)
    await mailer.send(mail)
    await mailer.close()
    const copies = smtp.received.filter((m) => m.subject === 'Twice')
    expect(copies).toHaveLength(2)
    for (const copy of copies) expect(copy.raw).toMatch(/^Message-ID: <job-42@inkwell\.test>$/im)
  })

  it('rejects while the server is down, sending nothing, and sends once when it is back', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from, outbox: 'unused', logger })
    const mail = { to: 'dee@example.com', subject: 'Outage', text: 'x' }
    await smtp.stop()
    try {
      await expect(mailer.send(mail)).rejects.toThrow()
    } finally {
      await smtp.start()
    }
    expect(smtp.received.filter((m) => m.subject === 'Outage')).toEqual([])
    await mailer.send(mail)
    await mailer.close()
    expect(smtp.received.filter((m) => m.subject === 'Outage')).toHaveLength(1)
  })
})

describe('createMailer without SMTP', () => {
  it('writes an .eml file and logs the text', async () => {
    const outbox = await mkdtemp(join(tmpdir(), 'inkwell-outbox-'))
    try {
      const mailer = createMailer({
        from: 'no-reply@inkwell.test',
        outbox,
        logger,
        logBodies: true,
      })
      await mailer.send({ to: 'cy@example.com', subject: 'Local', text: 'the body' })
      const files = await readdir(outbox)
      expect(files).toHaveLength(1)
      const eml = await readFile(join(outbox, files[0]!), 'utf8')
      expect(eml).toContain('Subject: Local')
      expect(eml).toContain('the body')
      expect(logged.find((l) => l.message === 'mail written to outbox')?.details).toMatchObject({
        text: 'the body',
      })
    } finally {
      await rm(outbox, { recursive: true, force: true })
    }
  })

  it.skipIf(process.platform === 'win32')(
    'keeps the outbox to its owner: folder 0700, files 0600',
    async () => {
      const parent = await mkdtemp(join(tmpdir(), 'inkwell-outbox-'))
      try {
        const mode = async (path: string) => (await stat(path)).mode & 0o777
        const send = (outbox: string) =>
          createMailer({ from: 'no-reply@inkwell.test', outbox, logger }).send({
            to: 'cy@example.com',
            subject: 'Reset',
            text: 'https://inkwell.test/reset-password?token=secret',
          })

        const fresh = join(parent, 'new', 'mail')
        await send(fresh)
        expect(await mode(fresh)).toBe(0o700)
        const [file] = await readdir(fresh)
        expect(await mode(join(fresh, file!))).toBe(0o600)

        // A folder an older version made with the umask's mode is tightened.
        const old = join(parent, 'old')
        await mkdir(old)
        await chmod(old, 0o755)
        await send(old)
        expect(await mode(old)).toBe(0o700)
      } finally {
        await rm(parent, { recursive: true, force: true })
      }
    },
  )
})
