import { spawnSync } from 'node:child_process'
import { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from '@inkwell/mail/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Cluster, startCluster } from './cluster'

// Three built server processes on one PostgreSQL and one Redis, behind HAProxy. Needs all
// three (CI installs HAProxy and sets the URLs); `pnpm --filter @inkwell/server test:cluster`.
const serverDatabaseUrl = process.env.TEST_DATABASE_URL
const redisUrl = process.env.TEST_REDIS_URL
const haproxy = spawnSync('haproxy', ['-v']).status === 0
const ready = Boolean(serverDatabaseUrl && redisUrl && haproxy)
if (!ready && process.env.CI)
  throw new Error('the cluster test needs PostgreSQL, Redis and HAProxy')

const PASSWORD = 'correct horse battery staple'
let cluster: Cluster
let smtp: SmtpTestServer

/** One call through the load balancer on a fresh connection, so round robin spreads them. */
async function call(
  procedure: string,
  options: { input?: unknown; token?: string; method?: 'GET' | 'POST' } = {},
  // biome-ignore lint/suspicious/noExplicitAny: whatever the server sent; the tests assert on it
): Promise<{ status: number; body: any }> {
  const method = options.method ?? (options.input === undefined ? 'GET' : 'POST')
  const search =
    method === 'GET' && options.input !== undefined
      ? `?input=${encodeURIComponent(JSON.stringify(options.input))}`
      : ''
  const res = await fetch(`${cluster.url}/trpc/${procedure}${search}`, {
    method,
    headers: {
      connection: 'close',
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(options.input ?? {}) } : {}),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: res.status, body }
}

let registered = 0
async function register(name: string): Promise<{ email: string; token: string }> {
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`
  const r = await call('auth.register', { input: { email, password: PASSWORD, name } })
  if (r.status !== 200) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`)
  registered++
  return { email, token: r.body.result.data.session.token }
}

async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

describe.runIf(ready)('three instances behind HAProxy behave as one', () => {
  let ada: { email: string; token: string }
  let writers: { email: string; token: string }[]

  beforeAll(async () => {
    smtp = await startSmtpTestServer()
    cluster = await startCluster({
      serverDatabaseUrl: serverDatabaseUrl!,
      redisUrl: redisUrl!,
      env: { SMTP_URL: smtp.url },
    })
    ada = await register('ada')
    writers = [await register('writer'), await register('writer')]
  }, 180_000)
  afterAll(async () => {
    await cluster?.stop()
    await smtp?.close()
  }, 60_000)

  it('holds a session on every instance, and a revocation on one ends it on all', async () => {
    const session = await register('grace')
    const before = await Promise.all(
      Array.from({ length: 6 }, () => call('users.me', { token: session.token })),
    )
    expect(before.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])

    expect((await call('auth.logout', { token: session.token, method: 'POST' })).status).toBe(200)
    // Every instance had the session cached; the revocation reaches them over Redis.
    const ended = await eventually(async () => {
      const after = await Promise.all(
        Array.from({ length: 6 }, () => call('users.me', { token: session.token })),
      )
      return after.every((r) => r.status === 401)
    }, 1_000)
    expect(ended).toBe(true)
  })

  it('counts a rate limit once across instances', async () => {
    // Registration allows 5 a minute per address; the cluster sees one address (the client).
    const statuses: number[] = []
    for (let i = registered; i < 6; i++) {
      const email = `extra-${i}-${crypto.randomUUID().slice(0, 8)}@example.com`
      const r = await call('auth.register', { input: { email, password: PASSWORD, name: 'x' } })
      statuses.push(r.status)
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true)
  })

  it('sends a mail requested on one instance exactly once', async () => {
    // Registration queued a verification mail to Ada too, and it may still be on its way:
    // count only the reset mails.
    const isReset = (m: ReceivedMail) =>
      m.to.includes(ada.email) && m.subject === 'Reset your Inkwell password'
    const r = await call('auth.requestPasswordReset', { input: { email: ada.email } })
    expect(r.status).toBe(200)
    await smtp.waitFor(isReset, 30_000)
    // Give the other instances every chance to send it again.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    expect(smtp.received.filter(isReset)).toHaveLength(1)
  })

  it('loses no acknowledged write when an instance dies under load, and serves on', async () => {
    const acknowledged: string[] = []
    const failures: number[] = []
    let running = true
    const writer = async (token: string, n: number) => {
      for (let i = 0; running; i++) {
        try {
          const r = await call('notes.create', { input: { title: `w${n}-${i}` }, token })
          if (r.status === 200) acknowledged.push(r.body.result.data.id)
          else failures.push(r.status)
        } catch {
          failures.push(0)
        }
      }
    }
    const load = writers.flatMap((w, k) => [0, 1, 2].map((j) => writer(w.token, k * 3 + j)))
    await new Promise((r) => setTimeout(r, 1_500))
    cluster.kill('inkwell2')
    await new Promise((r) => setTimeout(r, 2_500))
    running = false
    await Promise.all(load)

    expect(acknowledged.length).toBeGreaterThan(20)
    const db = new pg.Client({ connectionString: cluster.databaseUrl })
    await db.connect()
    try {
      const { rows } = await db.query<{ id: string }>('select id from notes where id = any($1)', [
        acknowledged,
      ])
      expect(rows.length).toBe(acknowledged.length)
    } finally {
      await db.end()
    }

    // The other two go on serving every request.
    const after = await Promise.all(
      Array.from({ length: 9 }, () => call('users.me', { token: ada.token })),
    )
    expect(after.map((r) => r.status)).toEqual(Array(9).fill(200))
  }, 60_000)
})
