import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../src/app'
import { MAX_BATCH_SIZE } from '../src/trpc-handler'
import {
  createTestApp,
  json,
  type Listening,
  listen,
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
let admin: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
  admin = await signUp(t.app, uniqueEmail('admin'))
  await t.h.db.kysely
    .updateTable('users')
    .set({ role: 'admin' })
    .where('id', '=', admin.userId)
    .execute()
})
afterAll(() => t?.close())

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

describe('body limit', () => {
  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE in the tRPC envelope', async () => {
    const password = 'x'.repeat(BODY_LIMIT_BYTES)
    const sent = JSON.stringify({ email: ada.email, password })
    expect(sent.length).toBeGreaterThan(1024 * 1024)
    const res = await post('/trpc/auth.login', sent)
    expect(res.status).toBe(413)
    const body = await json(res)
    expect(body.error.data).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      httpStatus: 413,
      appCode: 'PAYLOAD_TOO_LARGE',
    })
    expect(body.error.data.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('refuses a streamed body (no content-length) once it passes 1 MiB', async () => {
    let sent = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x61)
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > BODY_LIMIT_BYTES * 2) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await t.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect((await json(res)).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
    // It stopped reading soon after the limit instead of swallowing the whole upload.
    expect(sent).toBeLessThan(BODY_LIMIT_BYTES * 2)
  })

  it('accepts a body just under the limit (it is refused by validation, not by size)', async () => {
    const res = await post(
      '/trpc/auth.login',
      JSON.stringify({ email: ada.email, password: 'y'.repeat(BODY_LIMIT_BYTES - 200) }),
    )
    expect(res.status).toBe(400)
    expect((await json(res)).error.data.appCode).toBe('VALIDATION_FAILED')
  })
})

describe('an answer given before the body is read, over a keep-alive connection', () => {
  let server: Listening
  let agent: Agent
  beforeAll(async () => {
    server = await listen(t.app)
  })
  afterAll(() => server?.close())
  // One socket, kept alive: the next request goes over the same connection if it may.
  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 })
  })
  afterEach(() => agent.destroy())

  interface Answer {
    readonly status: number
    readonly headers: IncomingHttpHeaders
    readonly body: string
  }
  const send = (
    method: string,
    path: string,
    body?: Buffer,
    headers: Record<string, string> = {},
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, {
        method,
        agent,
        headers: body
          ? { 'content-type': 'application/json', 'content-length': body.length, ...headers }
          : headers,
      })
      req.on('response', (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        )
      })
      req.on('error', reject)
      req.end(body)
    })

  it.each([2, 40])(
    'a 413 on %i MiB says Connection: close, and the next request works',
    async (mib) => {
      const refused = await send('POST', '/trpc/auth.login', Buffer.alloc(mib * 1024 * 1024, 'a'))
      expect(refused.status).toBe(413)
      expect(JSON.parse(refused.body).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
      expect(refused.headers.connection).toBe('close')
      const next = await send('GET', '/healthz')
      expect(next.status).toBe(200)
    },
  )

  it('so does a 404 to an upload nobody reads, through fetch as well', async () => {
    const res = await fetch(`${server.url}/nope`, {
      method: 'POST',
      body: Buffer.alloc(8 * 1024 * 1024, 'b'),
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('connection')).toBe('close')
    await res.text()
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('reads a small unread body to its end first: the answer keeps the connection', async () => {
    const refused = await send('POST', '/nope', Buffer.alloc(32 * 1024, 'c'))
    expect(refused.status).toBe(404)
    expect(refused.headers.connection).toBe('keep-alive')
    expect((await send('GET', '/healthz')).status).toBe(200)
  })

  it('keeps the connection when the body was read', async () => {
    const answered = await send(
      'POST',
      '/trpc/auth.login',
      Buffer.from(JSON.stringify({ email: ada.email, password: 'not the password' })),
    )
    expect(answered.status).toBe(401)
    expect(answered.headers.connection).toBe('keep-alive')
    expect((await send('GET', '/healthz')).status).toBe(200)
  })
})

describe('batching', () => {
  const calls = (n: number, procedure = 'users.me') => Array(n).fill(procedure).join(',')

  it(`answers a batch of ${MAX_BATCH_SIZE} queries, one result each`, async () => {
    expect(MAX_BATCH_SIZE).toBe(10)
    const res = await t.app.request(`/trpc/${calls(MAX_BATCH_SIZE)}?batch=1`, {
      headers: { authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(200)
    const results = await json(res)
    expect(results).toHaveLength(MAX_BATCH_SIZE)
    for (const r of results) expect(r.result.data.id).toBe(ada.userId)
  })

  it('answers a mixed batch of mutations with a status per call (207 when they differ)', async () => {
    const res = await post(
      '/trpc/users.update,users.update?batch=1',
      JSON.stringify({ 0: { name: 'Batch Ada' }, 1: { name: '' } }),
      { authorization: `Bearer ${ada.token}` },
    )
    expect(res.status).toBe(207)
    const [ok, bad] = await json(res)
    expect(ok.result.data.name).toBe('Batch Ada')
    expect(bad.error.data.appCode).toBe('VALIDATION_FAILED')
  })

  it(`refuses ${MAX_BATCH_SIZE + 1} calls with 400 and runs none of them`, async () => {
    const res = await t.app.request(`/trpc/${calls(MAX_BATCH_SIZE + 1)}?batch=1`, {
      headers: { authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(400)
    const body = JSON.parse(await res.text())
    expect(body.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 })

    const email = uniqueEmail('batch')
    const inputs = Object.fromEntries(
      Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => [
        i,
        { email, password: PASSWORD, name: `N${i}` },
      ]),
    )
    const register = await post(
      `/trpc/${calls(MAX_BATCH_SIZE + 1, 'auth.register')}?batch=1`,
      JSON.stringify(inputs),
    )
    expect(register.status).toBe(400)
    const login = await mutate(t.app, 'auth.login', { email, password: PASSWORD })
    expect(login.status).toBe(401)
  })

  it('refuses a batch that mixes queries and mutations with 400', async () => {
    const res = await t.app.request('/trpc/users.me,auth.logout?batch=1', {
      headers: { authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(400)
  })
})

describe('malformed requests are 4xx, never 5xx', () => {
  it('malformed JSON is 400', async () => {
    for (const body of ['{"email":', '{', 'nope', '{"a":1}}', '\u0000', '[1,2']) {
      const res = await post('/trpc/auth.login', body)
      expect(res.status, body).toBe(400)
      expect((await json(res)).error.data.code).toBe('BAD_REQUEST')
    }
  })

  it('malformed JSON in ?input= is 400', async () => {
    for (const input of ['%7B%22limit%22', '%7Bnot-json', '%ZZ', 'undefined']) {
      const res = await t.app.request(`/trpc/admin.users.list?input=${input}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      })
      expect(res.status, input).toBe(400)
      const batched = await t.app.request(`/trpc/admin.users.list?batch=1&input=${input}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      })
      expect(batched.status, input).toBe(400)
    }
  })

  it('an unknown procedure is 404 NOT_FOUND', async () => {
    for (const path of [
      'auth.nope',
      'nope',
      'users',
      'admin.users',
      '__proto__',
      'auth.constructor',
    ]) {
      const res = await post(`/trpc/${path}`, '{}')
      expect(res.status, path).toBe(404)
      expect((await json(res)).error.data.code).toBe('NOT_FOUND')
      const get = await t.app.request(`/trpc/${path}`)
      expect(get.status, path).toBe(404)
    }
  })

  it('an unknown route outside /trpc is 404 in the same envelope', async () => {
    const res = await t.app.request('/nope')
    expect(res.status).toBe(404)
    expect((await json(res)).error.data).toMatchObject({ httpStatus: 404, appCode: 'NOT_FOUND' })
  })

  it('a path with a malformed escape is 400, not 500, and is still logged', async () => {
    for (const path of ['/trpc/%E0%A4%A', '/trpc/auth.login%ZZ', '/trpc/%', '/trpc/users.me%']) {
      const res = await t.app.request(path)
      expect(res.status, path).toBe(400)
      expect((await json(res)).error.data.code).toBe('BAD_REQUEST')
      const id = res.headers.get('x-request-id')
      const line = t.log.lines().find((l) => l.requestId === id && l.msg === 'request')
      expect(line, path).toMatchObject({ status: 400 })
    }
  })

  it('GET on a mutation is 405 METHOD_NOT_SUPPORTED with Allow: POST', async () => {
    const res = await t.app.request(
      `/trpc/auth.login?input=${encodeURIComponent(JSON.stringify({ email: ada.email, password: PASSWORD }))}`,
    )
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect((await json(res)).error.data).toMatchObject({
      code: 'METHOD_NOT_SUPPORTED',
      appCode: 'METHOD_NOT_SUPPORTED',
    })
  })

  it('POST on a query is 405 with Allow: GET', async () => {
    const res = await post('/trpc/users.me', '{}', { authorization: `Bearer ${ada.token}` })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET')
  })

  it('other methods and content types are 4xx', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await t.app.request('/trpc/users.me', { method })
      expect(res.status, method).toBeGreaterThanOrEqual(400)
      expect(res.status, method).toBeLessThan(500)
    }
    const plain = await t.app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: ada.email, password: PASSWORD }),
    })
    expect(plain.status).toBeGreaterThanOrEqual(400)
    expect(plain.status).toBeLessThan(500)
  })
})

describe('unusual but well-formed HTTP never produces a 5xx', () => {
  it.each([
    ['HEAD', '/trpc/users.me', { method: 'HEAD' }],
    ['OPTIONS without preflight headers', '/trpc/users.me', { method: 'OPTIONS' }],
    ['batch of empty paths', '/trpc/,,?batch=1', {}],
    ['double slash', '/trpc//users.me', {}],
    [
      'streaming accept, unbatched',
      '/trpc/users.me',
      { headers: { 'trpc-accept': 'application/jsonl' } },
    ],
    ['event-stream accept', '/trpc/users.me', { headers: { accept: 'text/event-stream' } }],
    [
      'form body',
      '/trpc/auth.login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40b.co&password=x',
      },
    ],
    [
      'broken multipart body',
      '/trpc/auth.login',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\n\r\n--x--',
      },
    ],
    [
      'octet-stream body',
      '/trpc/auth.login',
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'abc' },
    ],
  ] satisfies [string, string, RequestInit][])('%s', async (_label, path, init) => {
    const res = await t.app.request(path, init)
    await res.text()
    expect(res.status).toBeLessThan(500)
  })
})

describe('error envelope', () => {
  it('a validation error has code, httpStatus, appCode and fieldErrors per field', async () => {
    const { status, body } = await mutate(t.app, 'auth.register', {
      email: 'not an email',
      password: 'short',
      name: '',
    })
    expect(status).toBe(400)
    expect(body.error.message).toBe('Invalid input')
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      appCode: 'VALIDATION_FAILED',
      path: 'auth.register',
    })
    expect(Object.keys(body.error.data.fieldErrors).sort()).toEqual(['email', 'name', 'password'])
    for (const messages of Object.values(body.error.data.fieldErrors)) {
      expect(messages).toEqual([expect.any(String)])
    }
    expect(body.error.data).not.toHaveProperty('stack')
  })

  it('a missing input is a validation error on the whole input', async () => {
    const { status, body } = await mutate(t.app, 'auth.register')
    expect(status).toBe(400)
    expect(body.error.data.appCode).toBe('VALIDATION_FAILED')
    expect(body.error.data.fieldErrors).toBeDefined()
  })

  it('an application error has its appCode and no fieldErrors', async () => {
    const login = await mutate(t.app, 'auth.login', { email: ada.email, password: 'wrong one!' })
    expect(login.status).toBe(401)
    expect(login.body.error.data).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
      appCode: 'INVALID_CREDENTIALS',
    })
    expect(login.body.error.data).not.toHaveProperty('fieldErrors')
    expect(login.body.error.data).not.toHaveProperty('requestId')
  })

  it('WRONG_PASSWORD names the field it is about', async () => {
    const { status, body } = await mutate(
      t.app,
      'users.changePassword',
      { currentPassword: 'not my password', newPassword: 'another long passphrase' },
      { authorization: `Bearer ${ada.token}` },
    )
    expect(status).toBe(400)
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      appCode: 'WRONG_PASSWORD',
    })
    expect(body.error.data.fieldErrors).toEqual({ currentPassword: [expect.any(String)] })
  })

  it('a non-admin calling admin procedures gets 403 FORBIDDEN', async () => {
    const { status, body } = await query(
      t.app,
      'admin.users.list',
      {},
      {
        authorization: `Bearer ${ada.token}`,
      },
    )
    expect(status).toBe(403)
    expect(body.error.data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
      appCode: 'FORBIDDEN',
    })
  })
})
