import { mkdtempSync, rmSync } from 'node:fs'
import type { ClientRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { type SmtpTestServer, startSmtpTestServer } from '@inkwell/mail/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { type RunningServer, startServer } from '../src/start'
import {
  json,
  type MemoryLog,
  memoryLog,
  mutate,
  PASSWORD,
  query,
  type Requestable,
  rawRequest,
  sessionSetCookie,
  uniqueEmail,
} from './helpers'

function untilDrained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('close', done)
      resolve()
    }
    req.on('drain', done).on('close', done)
  })
}

const ADMIN_EMAIL = 'root@inkwell.example'
const ADMIN_PASSWORD = 'first admin passphrase'
const APP = 'https://app.inkwell.example'
const METRICS_TOKEN = 'start-server-metrics-token-42'

let server: RunningServer
let http: Requestable
let log: MemoryLog
let smtp: SmtpTestServer
let dataDir: string

beforeAll(async () => {
  smtp = await startSmtpTestServer()
  dataDir = mkdtempSync(join(tmpdir(), 'inkwell-server-test-'))
  log = memoryLog()
  const redisUrl = process.env.TEST_REDIS_URL
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'HTTPS://Inkwell.Example/',
    APP_ORIGINS: APP,
    // Rate limit counters would outlive the test in a shared Redis.
    RATE_LIMITS: 'off',
    FIRST_ADMIN_EMAIL: ADMIN_EMAIL,
    FIRST_ADMIN_PASSWORD: ADMIN_PASSWORD,
    METRICS_TOKEN,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  })
  server = await startServer(config, log.logger)
  http = { request: (path, init) => fetch(`${server.url}${path}`, init) }
})

afterAll(async () => {
  await server?.stop(1_000)
  await smtp?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('startServer', () => {
  it('listens on the port it was given (0: any free one) and logs where', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).not.toMatch(/:0$/)
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ msg: 'listening', url: server.url }),
    )
    const health = await http.request('/healthz')
    expect(health.status).toBe(200)
    expect(await json(health)).toEqual({ status: 'ok' })
    expect((await http.request('/readyz')).status).toBe(200)
  })

  it('creates the first admin, who can log in and list users', async () => {
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ msg: 'first admin ready', email: ADMIN_EMAIL }),
    )
    expect(log.text()).not.toContain(ADMIN_PASSWORD)

    const login = await mutate(http, 'auth.login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    expect(login.status).toBe(200)
    expect(login.body.result.data.user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' })
    const token: string = login.body.result.data.session.token

    const list = await query(
      http,
      'admin.users.list',
      { limit: 10 },
      {
        authorization: `Bearer ${token}`,
      },
    )
    expect(list.status).toBe(200)
    expect(list.body.result.data.items).toContainEqual(
      expect.objectContaining({ email: ADMIN_EMAIL, role: 'admin', disabled: false }),
    )
  })

  it('serves /metrics to the bearer of METRICS_TOKEN only, with its database pool', async () => {
    expect((await http.request('/metrics')).status).toBe(404)
    const res = await http.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    expect(res.status).toBe(200)
    // The embedded database: a pool of one connection.
    expect(await res.text()).toMatch(/^inkwell_db_pool_connections 1$/m)
    expect(log.text()).not.toContain(METRICS_TOKEN)
  })

  it('marks the session cookie Secure because PUBLIC_URL is https', async () => {
    const { status, res } = await mutate(http, 'auth.register', {
      email: uniqueEmail('secure'),
      password: PASSWORD,
      name: 'Secure',
    })
    expect(status).toBe(200)
    const attributes = sessionSetCookie(res)!
      .split(';')
      .map((a) => a.trim().toLowerCase())
    expect(attributes).toEqual(
      expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']),
    )
  })

  it('mails through SMTP_URL', async () => {
    const email = uniqueEmail('mail')
    const { status } = await mutate(http, 'auth.register', { email, password: PASSWORD, name: 'M' })
    expect(status).toBe(200)
    const mail = await smtp.waitFor((m) => m.to.includes(email))
    // Links point at PUBLIC_URL.
    expect(mail.text).toContain('https://inkwell.example/')
  })

  it('allows the configured APP_ORIGINS for CORS and cookie mutations, and only those', async () => {
    const preflight = (origin: string) =>
      http.request('/trpc/users.update', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
    expect((await preflight(APP)).headers.get('access-control-allow-origin')).toBe(APP)
    expect(
      (await preflight('https://inkwell.example')).headers.get('access-control-allow-origin'),
    ).toBeNull()

    const { token } = (
      await mutate(http, 'auth.login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
    ).body.result.data.session
    const cookie = `inkwell_session=${token}`
    const fromApp = await mutate(http, 'users.update', { name: 'Root' }, { cookie, origin: APP })
    expect(fromApp.status).toBe(200)
    const fromElsewhere = await mutate(
      http,
      'users.update',
      { name: 'Root' },
      { cookie, origin: 'https://inkwell.example.evil.test' },
    )
    expect(fromElsewhere.status).toBe(403)
  })

  it('refuses a chunked body over 1 MiB with 413 while it is still being sent', async () => {
    const { req, response } = rawRequest(server.url, '/trpc/auth.login', {
      headers: { 'transfer-encoding': 'chunked' },
    })
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let written = 0
    let answered = false
    void response.then(() => {
      answered = true
    })
    req.write('{"email":"a@b.co","password":"')
    while (!answered && written < 8 * 1024 * 1024 && !req.destroyed) {
      const drained = req.write(chunk)
      written += chunk.length
      if (!drained) await untilDrained(req)
      await delay(1)
    }
    if (!req.destroyed) req.end('"}')
    const res = await response
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
    // The server answered without waiting for the whole upload.
    expect(written).toBeGreaterThan(1024 * 1024)
    expect(written).toBeLessThan(8 * 1024 * 1024)
  })

  it('gives 431 (not a crash) for headers too large for Node', async () => {
    const res = await http.request('/trpc/users.me', {
      headers: { authorization: `Bearer ${'x'.repeat(64 * 1024)}` },
    })
    expect(res.status).toBe(431)
    // Still serving.
    expect((await http.request('/healthz')).status).toBe(200)
  })
})
