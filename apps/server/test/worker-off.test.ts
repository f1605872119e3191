import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { type SmtpTestServer, startSmtpTestServer } from '@inkwell/mail/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { type RunningServer, startServer } from '../src/start'
import { memoryLog, mutate, PASSWORD, uniqueEmail } from './helpers'

let smtp: SmtpTestServer
let dataDir: string
let server: RunningServer | undefined
beforeAll(async () => {
  smtp = await startSmtpTestServer()
  dataDir = mkdtempSync(join(tmpdir(), 'inkwell-worker-test-'))
})
afterAll(async () => {
  await server?.stop(1_000)
  await smtp?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A server on the embedded database kept in `dataDir`, so a second one finds the first's jobs. */
async function start(worker: 'on' | 'off') {
  const log = memoryLog()
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    RATE_LIMITS: 'off',
    WORKER: worker,
  })
  server = await startServer(config, log.logger)
  return { server, log }
}

it('WORKER=off enqueues mail and sends none; a worker started later sends it', async () => {
  const apiOnly = await start('off')
  expect(apiOnly.log.lines()).toContainEqual(
    expect.objectContaining({ msg: 'listening', worker: false }),
  )
  const email = uniqueEmail('queued')
  const http = {
    request: (path: string, init?: RequestInit) => fetch(`${apiOnly.server.url}${path}`, init),
  }
  const { status } = await mutate(http, 'auth.register', { email, password: PASSWORD, name: 'Q' })
  expect(status).toBe(200)
  // A worker polls every 2 s: this one would have sent it by now.
  await delay(3_000)
  expect(smtp.received.filter((m) => m.to.includes(email))).toEqual([])
  await apiOnly.server.stop(1_000)
  server = undefined

  // The job outlived the instance that enqueued it.
  const worker = await start('on')
  expect(worker.log.lines()).toContainEqual(
    expect.objectContaining({ msg: 'listening', worker: true }),
  )
  const mail = await smtp.waitFor((m) => m.to.includes(email), 15_000)
  expect(mail.text).toContain('/verify-email?token=')
}, 180_000)
