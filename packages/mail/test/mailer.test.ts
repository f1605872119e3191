import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
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
})
