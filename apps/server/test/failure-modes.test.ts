import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import {
  createTestApp,
  json,
  memoryLog,
  query,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

let t: TestApp
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
})
afterAll(() => t?.close())

describe('health and readiness', () => {
  it('/healthz is 200 {status: ok}', async () => {
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ status: 'ok' })
  })

  it('/readyz is 200 while the database answers', async () => {
    const res = await t.app.request('/readyz')
    expect(res.status).toBe(200)
  })

  it('/readyz is 503 while draining, even with the database up', async () => {
    let draining = false
    const app = createApp({ deps: t.h.deps, logger: memoryLog().logger, draining: () => draining })
    expect((await app.request('/readyz')).status).toBe(200)
    draining = true
    const res = await app.request('/readyz')
    expect(res.status).toBe(503)
    // Liveness is another question: the process still runs.
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('/readyz is 503 when an extra readiness check fails', async () => {
    const log = memoryLog()
    const app = createApp({
      deps: t.h.deps,
      logger: log.logger,
      readinessChecks: [
        async () => {
          throw new Error('redis is down')
        },
      ],
    })
    const res = await app.request('/readyz')
    expect(res.status).toBe(503)
    expect(await res.text()).not.toContain('redis is down')
    expect(log.text()).toContain('redis is down')
  })
})

describe('when the database goes away', () => {
  beforeAll(async () => {
    // Ada's session is valid; from now on every query fails inside the request.
    await t.h.db.close()
  })

  it('a request that needs it is a 500 that hides the internals', async () => {
    const res = await t.app.request('/trpc/users.me', {
      headers: { authorization: `Bearer ${ada.token}`, 'x-request-id': 'crash-test-1' },
    })
    expect(res.status).toBe(500)
    const text = await res.text()
    const body = JSON.parse(text)
    expect(body.error.message).toBe('Internal server error')
    expect(body.error.data).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      httpStatus: 500,
      appCode: 'INTERNAL_ERROR',
      requestId: 'crash-test-1',
    })
    expect(body.error.data).not.toHaveProperty('stack')
    expect(body.error.data).not.toHaveProperty('fieldErrors')
    expect(text).not.toMatch(/select|sessions|token_hash|pool|destroy|pglite|\.ts:|\bat\s/i)
  })

  it('its request id matches the response header and the log lines', async () => {
    const res = await t.app.request('/trpc/users.me', {
      headers: { authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(500)
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[\w-]{16,}$/)
    expect((await json(res)).error.data.requestId).toBe(id)

    const lines = t.log.lines().filter((l) => l.requestId === id)
    // The access line, at error level, and the cause with its details for the operator.
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        status: 500,
        procedure: 'users.me',
        msg: 'request failed',
      }),
    )
    const cause = lines.find((l) => l.msg === 'procedure failed')
    expect(cause).toMatchObject({ level: 50, procedure: 'users.me' })
    expect((cause?.err as { message?: string })?.message).toBeTruthy()
    // The log never holds the bearer token.
    expect(t.log.text()).not.toContain(ada.token)
  })

  it('each call of a batch is a 500 with the request id', async () => {
    const res = await t.app.request('/trpc/users.me,users.sessions?batch=1', {
      headers: { authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(500)
    const id = res.headers.get('x-request-id')
    for (const r of await json(res)) {
      expect(r.error.message).toBe('Internal server error')
      expect(r.error.data.requestId).toBe(id)
    }
  })

  it('a procedure that fails expectedly still answers with its own code', async () => {
    // No credentials: refused before the database is needed.
    const { status, body } = await query(t.app, 'users.me')
    expect(status).toBe(401)
    expect(body.error.data.appCode).toBe('NOT_AUTHENTICATED')
  })

  it('/readyz is 503 and /healthz still 200', async () => {
    const ready = await t.app.request('/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.text()).not.toMatch(/pool|destroy|pglite|\.ts:/i)
    const health = await t.app.request('/healthz')
    expect(health.status).toBe(200)
  })
})
