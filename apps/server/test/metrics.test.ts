import { appRouter } from '@inkwell/api'
import { passwordHashing } from '@inkwell/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import {
  createTestApp,
  fillHashingQueue,
  type Listening,
  listen,
  mutate,
  PASSWORD,
  query,
  reply,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

// GET /metrics: Prometheus text for the bearer of METRICS_TOKEN, a 404 for everyone else.

const TOKEN = 'metrics-token-0123456789abcdef'

let t: TestApp
let server: Listening
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp({ metrics: { token: TOKEN } })
  server = await listen(t.app)
  ada = await signUp(server)
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function scrape(): Promise<string> {
  const res = await server.request('/metrics', { headers: bearer(TOKEN) })
  expect(res.status).toBe(200)
  return res.text()
}

type Labels = Record<string, string>

interface Sample {
  readonly name: string
  readonly labels: Labels
  readonly value: number
}

/** Every sample of the exposition, comments skipped. */
function samples(text: string): Sample[] {
  const out: Sample[] = []
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match?.[1] || !match[3]) continue
    const labels: Labels = {}
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) labels[key] = value
    }
    out.push({ name: match[1], labels, value: Number(match[3]) })
  }
  return out
}

/** The value of the sample with exactly these labels; 0 when it is not there yet. */
function value(text: string, name: string, labels: Labels = {}): number {
  const found = samples(text).find(
    (s) =>
      s.name === name &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )
  return found?.value ?? 0
}

const calls = (text: string, procedure: string, status: number) =>
  value(text, 'inkwell_trpc_calls_total', { procedure, status: String(status) })
const timed = (text: string, procedure: string) =>
  value(text, 'inkwell_trpc_call_duration_seconds_count', { procedure })

describe('who may read /metrics', () => {
  it('is a 404 when no METRICS_TOKEN is set, whatever the bearer', async () => {
    const plain = await listen(createApp({ deps: t.h.deps, logger: t.log.logger }))
    try {
      for (const headers of [{}, bearer(TOKEN)]) {
        const r = await reply(await plain.request('/metrics', { headers }))
        expect(r.status).toBe(404)
        expect(r.body.error.data.appCode).toBe('NOT_FOUND')
      }
    } finally {
      await plain.close()
    }
  })

  it('is the same 404 without a bearer, or with a wrong one', async () => {
    const wrong = [
      {},
      bearer('metrics-token-0123456789abcdeX'),
      bearer(`${TOKEN}x`),
      bearer(TOKEN.slice(0, -1)),
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      bearer(ada.token),
    ]
    for (const headers of wrong) {
      const r = await reply(await server.request('/metrics', { headers }))
      expect(r.status, JSON.stringify(headers)).toBe(404)
      expect(r.body.error.data.appCode).toBe('NOT_FOUND')
    }
  })

  it('answers the bearer of the token with Prometheus text, the process defaults included', async () => {
    const res = await server.request('/metrics', { headers: bearer(TOKEN) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'inkwell_trpc_calls_total',
      'inkwell_password_hashing_capacity',
      'inkwell_db_pool_in_use',
      'inkwell_session_cache_hits_total',
      'inkwell_job_queue_jobs',
    ]) {
      expect(text).toContain(`# TYPE ${name} `)
    }
  })
})

describe('calls', () => {
  it('counts each call by procedure and status, and times it', async () => {
    const before = await scrape()
    for (let i = 0; i < 3; i++) {
      expect((await query(server, 'users.me', undefined, bearer(ada.token))).status).toBe(200)
    }
    expect((await query(server, 'users.me')).status).toBe(401)
    const after = await scrape()
    expect(calls(after, 'users.me', 200) - calls(before, 'users.me', 200)).toBe(3)
    expect(calls(after, 'users.me', 401) - calls(before, 'users.me', 401)).toBe(1)
    expect(timed(after, 'users.me') - timed(before, 'users.me')).toBe(4)
  })

  it('counts every call of a batch, each with its own status', async () => {
    const before = await scrape()
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: { id: 'no-such-note' } }))
    const res = await server.request(`/trpc/notes.list,notes.get?batch=1&input=${input}`, {
      headers: bearer(ada.token),
    })
    const body = (await res.json()) as { error?: { data: { httpStatus: number } } }[]
    const getStatus = body[1]?.error?.data.httpStatus
    expect(getStatus).toBeGreaterThanOrEqual(400)
    const after = await scrape()
    expect(calls(after, 'notes.list', 200) - calls(before, 'notes.list', 200)).toBe(1)
    expect(calls(after, 'notes.get', getStatus!) - calls(before, 'notes.get', getStatus!)).toBe(1)
  })

  it('counts a body refused before tRPC (413) against the procedure named', async () => {
    const before = await scrape()
    const r = await mutate(server, 'notes.create', { title: 't', content: 'x'.repeat(1_100_000) })
    expect(r.status).toBe(413)
    const after = await scrape()
    expect(calls(after, 'notes.create', 413) - calls(before, 'notes.create', 413)).toBe(1)
  })

  it('labels every unknown procedure "unknown": random paths mint no new series', async () => {
    const before = await scrape()
    const names = Array.from({ length: 6 }, (_, i) => `made-up-${i}-${crypto.randomUUID()}`)
    for (const name of names.slice(0, 3)) expect((await query(server, name)).status).toBe(404)
    for (const name of names.slice(3)) expect((await mutate(server, name, {})).status).toBe(404)
    // A batch naming an unknown procedure beside a known one.
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }))
    await server.request(`/trpc/notes.list,${names[0]}?batch=1&input=${input}`, {
      headers: bearer(ada.token),
    })
    // More names than a batch may carry.
    const many = Array.from({ length: 40 }, (_, i) => `x${i}`).join(',')
    await server.request(`/trpc/${many}?batch=1`)
    const after = await scrape()

    for (const name of names) expect(after).not.toContain(name)
    expect(after).not.toContain('x39')
    expect(calls(after, 'unknown', 404) - calls(before, 'unknown', 404)).toBe(7)
    const known = new Set([...Object.keys(appRouter._def.procedures), 'unknown'])
    const labelled = samples(after)
      .filter((s) => s.name.startsWith('inkwell_trpc_'))
      .map((s) => s.labels.procedure)
    expect(labelled.length).toBeGreaterThan(0)
    for (const procedure of labelled) expect(known).toContain(procedure)
  })
})

describe('REST calls', () => {
  const restCalls = (text: string, procedure: string, status: number) =>
    value(text, 'inkwell_rest_calls_total', { procedure, status: String(status) })

  it('counts each /api/v1 call by the procedure its route ran and status, apart from tRPC calls', async () => {
    const before = await scrape()
    const me = await server.request('/api/v1/users/me', { headers: bearer(ada.token) })
    expect(me.status).toBe(200)
    expect((await server.request('/api/v1/users/me')).status).toBe(401)
    const nowhere = `/api/v1/made-up-${crypto.randomUUID()}`
    expect((await server.request(nowhere, { headers: bearer(ada.token) })).status).toBe(404)
    const after = await scrape()
    expect(restCalls(after, 'users.me', 200) - restCalls(before, 'users.me', 200)).toBe(1)
    expect(restCalls(after, 'users.me', 401) - restCalls(before, 'users.me', 401)).toBe(1)
    expect(restCalls(after, 'unknown', 404) - restCalls(before, 'unknown', 404)).toBe(1)
    expect(after).not.toContain('made-up-')
    expect(
      value(after, 'inkwell_rest_call_duration_seconds_count', { procedure: 'users.me' }) -
        value(before, 'inkwell_rest_call_duration_seconds_count', { procedure: 'users.me' }),
    ).toBe(2)
    expect(calls(after, 'users.me', 200)).toBe(calls(before, 'users.me', 200))
  })
})

describe('password hashing', () => {
  it('shows the queue full, and counts a shed login (503 SERVICE_BUSY)', async () => {
    const before = await scrape()
    const release = fillHashingQueue()
    let during: string
    try {
      const r = await mutate(server, 'auth.login', { email: ada.email, password: PASSWORD })
      expect(r.status).toBe(503)
      expect(r.body.error.data.appCode).toBe('SERVICE_BUSY')
      during = await scrape()
    } finally {
      await release()
    }
    const { capacity } = passwordHashing.stats()
    expect(value(during, 'inkwell_password_hashing_capacity')).toBe(capacity)
    expect(
      value(during, 'inkwell_password_hashing_running') +
        value(during, 'inkwell_password_hashing_waiting'),
    ).toBe(capacity)
    const shed = (text: string) => value(text, 'inkwell_password_hashing_shed_total')
    expect(shed(during) - shed(before)).toBeGreaterThanOrEqual(1)
    expect(calls(during, 'auth.login', 503) - calls(before, 'auth.login', 503)).toBe(1)

    const after = await scrape()
    expect(value(after, 'inkwell_password_hashing_waiting')).toBe(0)
  })
})

describe('the rest', () => {
  it('counts session-cache hits and misses', async () => {
    const before = await scrape()
    const me = await signUp(server)
    for (let i = 0; i < 3; i++) await query(server, 'users.me', undefined, bearer(me.token))
    const after = await scrape()
    const hits = (text: string) => value(text, 'inkwell_session_cache_hits_total')
    const misses = (text: string) => value(text, 'inkwell_session_cache_misses_total')
    // The first lookup of a new token asks the database; the next ones are cached.
    expect(misses(after) - misses(before)).toBeGreaterThanOrEqual(1)
    expect(hits(after) - hits(before)).toBeGreaterThanOrEqual(2)
  })

  it('reports the database pool', async () => {
    const text = await scrape()
    expect(value(text, 'inkwell_db_pool_connections')).toBeGreaterThanOrEqual(1)
    // This scrape's own queries are done; nothing else runs.
    expect(value(text, 'inkwell_db_pool_waiting')).toBe(0)
    expect(samples(text).some((s) => s.name === 'inkwell_db_pool_in_use')).toBe(true)
  })

  it('reports the job queue: depth by queue and state, attempts worked', async () => {
    // Registering enqueues the verification mail, which the harness's worker sends.
    await signUp(server)
    await t.h.deps.jobs.settled()
    const text = await scrape()
    const depth = samples(text).filter((s) => s.name === 'inkwell_job_queue_jobs')
    const queues = new Set(depth.map((s) => s.labels.queue))
    expect(queues.size).toBeGreaterThan(0)
    for (const queue of queues) {
      const states = depth.filter((s) => s.labels.queue === queue).map((s) => s.labels.state)
      expect(states.sort()).toEqual(['active', 'created', 'retry'])
    }
    const completed = samples(text).filter(
      (s) => s.name === 'inkwell_job_attempts_total' && s.labels.outcome === 'completed',
    )
    expect(completed.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThanOrEqual(1)
  })
})
