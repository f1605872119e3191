import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, MAX_REQUEST_ID_LENGTH } from '../src/app'
import {
  createTestApp,
  memoryLog,
  mutate,
  PASSWORD,
  query,
  type SignedUp,
  signUp,
  type TestApp,
  uniqueEmail,
} from './helpers'

let t: TestApp
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
})
afterAll(() => t?.close())

const linesOf = (res: Response) => {
  const id = res.headers.get('x-request-id')
  expect(id).toBeTruthy()
  return t.log.lines().filter((l) => l.requestId === id)
}

describe('access log', () => {
  it('writes one JSON line per request with id, procedure, status, duration and user', async () => {
    const { res, status } = await query(t.app, 'users.me', undefined, {
      authorization: `Bearer ${ada.token}`,
    })
    expect(status).toBe(200)
    const lines = linesOf(res)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      method: 'GET',
      path: '/trpc/users.me',
      procedure: 'users.me',
      status: 200,
      userId: ada.userId,
    })
    expect(lines[0]!.durationMs).toEqual(expect.any(Number))
    expect(lines[0]!.durationMs as number).toBeGreaterThanOrEqual(0)
    expect(typeof lines[0]!.time).toBe('number')
  })

  it('at level warn, writes only the requests that failed', async () => {
    const warn = memoryLog('warn')
    const app = createApp({ deps: t.h.deps, logger: warn.logger, draining: () => true })
    const me = await query(app, 'users.me', undefined, { authorization: `Bearer ${ada.token}` })
    expect(me.status).toBe(200)
    expect((await query(app, 'users.me')).status).toBe(401)
    expect((await app.request('/readyz')).status).toBe(503)
    expect(warn.lines().map((l) => [l.msg, l.path, l.status])).toEqual([
      ['request failed', '/readyz', 503],
    ])
  })

  it('has no userId for an anonymous request, and logs its error status', async () => {
    const { res, status } = await query(t.app, 'users.me')
    expect(status).toBe(401)
    const [line] = linesOf(res)
    expect(line).toMatchObject({ procedure: 'users.me', status: 401 })
    expect(line).not.toHaveProperty('userId')
  })

  it('names every procedure of a batch', async () => {
    const res = await t.app.request('/trpc/users.me,users.sessions?batch=1', {
      headers: { cookie: ada.cookie },
    })
    expect(res.status).toBe(200)
    const lines = linesOf(res)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ procedure: 'users.me,users.sessions', userId: ada.userId })
  })

  it('logs plain routes without a procedure', async () => {
    const res = await t.app.request('/healthz', { headers: { 'x-request-id': 'health-1' } })
    const [line] = linesOf(res)
    expect(line).toMatchObject({ requestId: 'health-1', path: '/healthz', status: 200 })
    expect(line).not.toHaveProperty('procedure')
  })

  it('logs a request refused by the body limit', async () => {
    const res = await t.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    })
    expect(res.status).toBe(413)
    expect(linesOf(res)).toEqual([expect.objectContaining({ status: 413 })])
  })
})

describe('request id', () => {
  const idOf = async (sent: string) =>
    (await t.app.request('/healthz', { headers: { 'x-request-id': sent } })).headers.get(
      'x-request-id',
    )

  it('keeps a short, plain id from the client', async () => {
    const longest = 'Trace_9=-'.padEnd(MAX_REQUEST_ID_LENGTH, 'x')
    expect(await idOf(longest)).toBe(longest)
    expect(t.log.lines()).toContainEqual(expect.objectContaining({ requestId: longest }))
    expect(await idOf('trace-1')).toBe('trace-1')
  })

  it('makes its own when the client sends a long or unusual one', async () => {
    expect(MAX_REQUEST_ID_LENGTH).toBe(64)
    for (const sent of [
      'x'.repeat(MAX_REQUEST_ID_LENGTH + 1),
      'y'.repeat(200),
      'has space',
      '{"json":1}',
      'a/b',
      'ünïcode',
    ]) {
      const id = await idOf(sent)
      expect(id, sent).not.toBe(sent)
      expect(id, sent).toMatch(/^[0-9a-f-]{36}$/)
      expect(t.log.text()).not.toContain(sent)
    }
  })
})

describe('secrets stay out of the log', () => {
  it('a login (good or bad) writes neither the password nor the token', async () => {
    const before = t.log.text().length
    const good = await mutate(t.app, 'auth.login', { email: ada.email, password: PASSWORD })
    expect(good.status).toBe(200)
    const token: string = good.body.result.data.session.token
    const bad = await mutate(t.app, 'auth.login', {
      email: ada.email,
      password: 'the-wrong-password-42',
    })
    expect(bad.status).toBe(401)
    // Use the new token by bearer and by cookie, so it passes through the logged layers.
    await query(t.app, 'users.me', undefined, { authorization: `Bearer ${token}` })
    await query(t.app, 'users.me', undefined, { cookie: `inkwell_session=${token}` })

    const written = t.log.text().slice(before)
    expect(linesOf(good.res)).toHaveLength(1)
    expect(linesOf(bad.res)).toHaveLength(1)
    expect(written).not.toContain(PASSWORD)
    expect(written).not.toContain('the-wrong-password-42')
    expect(written).not.toContain(token)
    expect(written).not.toContain(ada.token)
  })

  it('register, password change and a crash-free validation error leak nothing either', async () => {
    const before = t.log.text().length
    const email = uniqueEmail('secret')
    const issued = await mutate(t.app, 'auth.register', {
      email,
      password: 'register-secret-passphrase',
      name: 'S',
    })
    expect(issued.status).toBe(200)
    const token: string = issued.body.result.data.session.token
    const changed = await mutate(
      t.app,
      'users.changePassword',
      { currentPassword: 'register-secret-passphrase', newPassword: 'changed-secret-passphrase' },
      { authorization: `Bearer ${token}` },
    )
    expect(changed.status).toBe(200)
    const invalid = await mutate(t.app, 'auth.register', {
      email,
      password: 'tiny',
      name: '',
    })
    expect(invalid.status).toBe(400)
    const written = t.log.text().slice(before)
    for (const secret of [
      'register-secret-passphrase',
      'changed-secret-passphrase',
      token,
      changed.body.result.data.session.token,
    ]) {
      expect(written).not.toContain(secret)
    }
  })

  it('the logger redacts credential fields wherever they are logged', () => {
    const before = t.log.text().length
    t.log.logger.info(
      {
        password: 'p1',
        input: { password: 'p2', currentPassword: 'p3', newPassword: 'p4', token: 'p5' },
        req: { headers: { authorization: 'Bearer p6', cookie: 'inkwell_session=p7' } },
      },
      'redaction check',
    )
    const written = t.log.text().slice(before)
    expect(written).toContain('redaction check')
    for (const secret of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']) {
      expect(written).not.toContain(`${secret}"`)
    }
  })
})
