import { validate } from '@readme/openapi-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestApp,
  type Listening,
  listen,
  mutate,
  PASSWORD,
  query,
  type Reply,
  reply,
  sessionSetCookie,
  type TestApp,
  uniqueEmail,
} from './helpers'

// A REST client that knows only the document: it looks an operation up by its operationId and
// builds the request from the method and path template it finds there.

interface Operation {
  readonly method: string
  readonly path: string
  // biome-ignore lint/suspicious/noExplicitAny: a piece of the document, asserted on as read
  readonly spec: any
}

// biome-ignore lint/suspicious/noExplicitAny: the document as the server sent it
let doc: any
let t: TestApp
let server: Listening
let basePath: string

beforeAll(async () => {
  t = await createTestApp()
  server = await listen(t.app)
  const res = await fetch(`${server.url}/openapi.json`)
  expect(res.status).toBe(200)
  doc = await res.json()
  basePath = new URL(doc.servers[0].url).pathname
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

function operation(operationId: string): Operation {
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, spec] of Object.entries(
      operations as Record<string, { operationId: string }>,
    )) {
      if (spec.operationId === operationId) return { method: method.toUpperCase(), path, spec }
    }
  }
  throw new Error(`no operation ${operationId} in the document`)
}

interface CallOptions {
  readonly params?: Record<string, string>
  readonly query?: Record<string, string>
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** Another server than the suite's. */
  readonly on?: Listening
}

async function call(operationId: string, options: CallOptions = {}): Promise<Reply> {
  const { method, path } = operation(operationId)
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = options.params?.[name]
    if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`)
    return encodeURIComponent(value)
  })
  const search = options.query ? `?${new URLSearchParams(options.query)}` : ''
  const res = await fetch(`${(options.on ?? server).url}${basePath}${filled}${search}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
  return reply(res)
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function register(): Promise<{ token: string; email: string; res: Response }> {
  const email = uniqueEmail('rest')
  const { status, body, res } = await call('auth-register', {
    body: { email, password: PASSWORD, name: 'Rest User' },
  })
  expect(status).toBe(200)
  return { token: body.session.token, email, res }
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    const result = await validate(structuredClone(doc))
    expect(result.valid ? [] : result.errors).toEqual([])
  })

  it('names the server from PUBLIC_URL, and the bearer and cookie schemes', () => {
    expect(doc.servers[0].url).toBe(`${t.h.deps.settings.publicUrl}/api/v1`)
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      cookie: { type: 'apiKey', in: 'cookie', name: 'inkwell_session' },
    })
    expect(operation('notes-create').spec.security).toEqual([{ bearer: [] }, { cookie: [] }])
    expect(operation('auth-login').spec.security).toBeUndefined()
  })

  it('carries the zod limits of inputs', () => {
    const create = operation('notes-create').spec.requestBody.content['application/json'].schema
    expect(create.properties.title).toMatchObject({ minLength: 1, maxLength: 200 })
    expect(create.properties.tags).toMatchObject({ type: 'array' })
    const limit = operation('notes-list').spec.parameters.find(
      (p: { name: string }) => p.name === 'limit',
    )
    expect(limit).toMatchObject({ in: 'query', schema: { minimum: 1, maximum: 100 } })
    const password =
      operation('auth-register').spec.requestBody.content['application/json'].schema.properties
        .password
    expect(password).toMatchObject({ minLength: 8, maxLength: 256 })
  })

  it('documents every error as the envelope with appCode', () => {
    const conflict = operation('notes-update').spec.responses['400']
    expect(conflict.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorEnvelope',
    )
    expect(
      doc.components.schemas.ErrorEnvelope.properties.error.properties.data.required,
    ).toContain('appCode')
  })
})

describe('the REST face, driven by the document', () => {
  it('registers, logs in, and runs a note through create, list, get, patch, conflict and delete', async () => {
    const { email } = await register()
    const login = await call('auth-login', { body: { email, password: PASSWORD } })
    expect(login.status).toBe(200)
    const auth = bearer(login.body.session.token)

    const created = await call('notes-create', {
      body: { title: 'Over REST', content: 'plain fetch', tags: ['Rest'] },
      headers: auth,
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ title: 'Over REST', tags: ['rest'], version: 1 })
    const id: string = created.body.id

    const list = await call('notes-list', {
      query: { limit: '10', trashed: 'false' },
      headers: auth,
    })
    expect(list.status).toBe(200)
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([id])

    const got = await call('notes-get', { params: { id }, headers: auth })
    expect(got.body).toMatchObject({ id, content: 'plain fetch' })

    const patched = await call('notes-update', {
      params: { id },
      body: { version: 1, content: 'edited' },
      headers: auth,
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ content: 'edited', version: 2 })

    const stale = await call('notes-update', {
      params: { id },
      body: { version: 1, content: 'late edit' },
      headers: auth,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.data).toMatchObject({
      code: 'CONFLICT',
      httpStatus: 409,
      appCode: 'VERSION_CONFLICT',
      current: { id, version: 2, content: 'edited' },
    })

    const deleted = await call('notes-delete', { params: { id }, headers: auth })
    expect(deleted.status).toBe(200)
    expect(deleted.body.deletedAt).toEqual(expect.any(String))
    const trashed = await call('notes-list', { query: { trashed: 'true' }, headers: auth })
    expect(trashed.body.items.map((n: { id: string }) => n.id)).toEqual([id])
    const live = await call('notes-list', { query: { trashed: 'false' }, headers: auth })
    expect(live.body.items).toEqual([])

    expect((await call('notes-restore', { params: { id }, headers: auth })).status).toBe(200)
    const tags = await call('notes-tags', { headers: auth })
    expect(tags.body).toEqual([{ tag: 'rest', count: 1 }])
  })

  it('answers a validation failure 400 VALIDATION_FAILED with field errors, in tRPC’s envelope', async () => {
    const { token } = await register()
    const { status, body } = await call('notes-create', {
      body: { title: '', tags: ['x'.repeat(40)] },
      headers: bearer(token),
    })
    expect(status).toBe(400)
    expect(body.error).toMatchObject({
      message: 'Invalid input',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        appCode: 'VALIDATION_FAILED',
        path: 'notes.create',
      },
    })
    expect(Object.keys(body.error.data.fieldErrors).sort()).toEqual(['tags', 'title'])
    const bad = await call('notes-list', { query: { limit: 'many' }, headers: bearer(token) })
    expect(bad.status).toBe(400)
    expect(bad.body.error.data.fieldErrors.limit).toBeDefined()
  })

  it('answers 401 NOT_AUTHENTICATED without a credential', async () => {
    const { status, body } = await call('users-me')
    expect(status).toBe(401)
    expect(body.error.data.appCode).toBe('NOT_AUTHENTICATED')
  })

  it('holds cookie-authenticated mutations to the CSRF rule', async () => {
    const { res } = await register()
    const cookie = (sessionSetCookie(res) ?? '').split(';')[0] as string
    expect(cookie).toMatch(/^inkwell_session=/)
    expect((await call('users-me', { headers: { cookie } })).status).toBe(200)

    const foreign = await call('notes-create', {
      body: { title: 'From elsewhere' },
      headers: { cookie, origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.data.appCode).toBe('CSRF_REJECTED')
    const bare = await call('notes-create', { body: { title: 'No origin' }, headers: { cookie } })
    expect(bare.body.error.data.appCode).toBe('CSRF_REJECTED')

    const same = await call('notes-create', {
      body: { title: 'From the app' },
      headers: { cookie, origin: APP_ORIGIN },
    })
    expect(same.status).toBe(200)
  })

  it('refuses a read API token a mutation: 403 INSUFFICIENT_SCOPE', async () => {
    const { token } = await register()
    const created = await call('tokens-create', {
      body: { name: 'reader', scope: 'read' },
      headers: bearer(token),
    })
    expect(created.status).toBe(200)
    const reader = bearer(created.body.token)
    expect((await call('notes-list', { headers: reader })).status).toBe(200)
    const write = await call('notes-create', { body: { title: 'Nope' }, headers: reader })
    expect(write.status).toBe(403)
    expect(write.body.error.data).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'INSUFFICIENT_SCOPE',
    })
    const manage = await call('tokens-list', { headers: reader })
    expect(manage.body.error.data.appCode).toBe('SESSION_REQUIRED')
  })

  it('calls a bodyless mutation as curl sends it', async () => {
    const { token } = await register()
    const logout = await call('auth-logout', { headers: bearer(token) })
    expect(logout.status).toBe(200)
    expect(logout.body).toEqual({ ok: true })
    expect((await call('users-me', { headers: bearer(token) })).status).toBe(401)
  })
})

describe('the REST face at the HTTP edge', () => {
  it('answers an unknown route 404 and a wrong method 405, in the envelope', async () => {
    const missing = await reply(await fetch(`${server.url}/api/v1/nothing-here`))
    expect(missing.status).toBe(404)
    expect(missing.body.error.data.appCode).toBe('NOT_FOUND')
    const wrong = await reply(await fetch(`${server.url}/api/v1/notes`, { method: 'PUT' }))
    expect(wrong.status).toBe(405)
    expect(wrong.body.error.data.appCode).toBe('METHOD_NOT_SUPPORTED')
    expect(wrong.res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST'])
  })

  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const { token } = await register()
    const res = await fetch(`${server.url}/api/v1/notes`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'big', content: 'x'.repeat(1024 * 1024 + 10) }),
    })
    const { status, body } = await reply(res)
    expect(status).toBe(413)
    expect(body.error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
  })

  it('echoes X-Request-Id and writes the access-log line with the procedure', async () => {
    const { token } = await register()
    const res = await fetch(`${server.url}/api/v1/notes/tags`, {
      headers: { ...bearer(token), 'x-request-id': 'rest-trace-1' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('rest-trace-1')
    const line = t.log.lines().find((l) => l.requestId === 'rest-trace-1')
    expect(line).toMatchObject({
      method: 'GET',
      path: '/api/v1/notes/tags',
      procedure: 'notes.tags',
      status: 200,
      userId: expect.any(String),
    })
  })

  it('leaves /trpc’s input schemas as they were (no coercion leaks from the REST face)', async () => {
    const { token } = await register()
    await call('notes-list', { query: { trashed: 'false', limit: '5' }, headers: bearer(token) })
    const { status, body } = await query(
      server,
      'notes.list',
      { trashed: 'false', limit: '5' },
      bearer(token),
    )
    expect(status).toBe(400)
    expect(Object.keys(body.error.data.fieldErrors).sort()).toEqual(['limit', 'trashed'])
  })
})

describe('GET /docs', () => {
  it('serves the reference with every script and style from this server, under a CSP', async () => {
    const res = await fetch(`${server.url}/docs`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)
    expect(assets.length).toBeGreaterThanOrEqual(3)
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true)
      const file = await fetch(`${server.url}${asset}`)
      expect(file.status, asset).toBe(200)
      expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(0)
    }
  })
})

describe('rate limits over REST', () => {
  let limited: TestApp
  let limitedServer: Listening
  beforeAll(async () => {
    limited = await createTestApp({ rateLimits: true, trustedProxies: 1 })
    limitedServer = await listen(limited.app)
  })
  afterAll(async () => {
    await limitedServer?.close()
    await limited?.close()
  })

  it('share their counters with /trpc: the sixth register from one client is 429 with Retry-After', async () => {
    const client = { 'x-forwarded-for': '203.0.113.9' }
    const newAccount = () => ({ email: uniqueEmail('rl'), password: PASSWORD, name: 'R' })
    for (let i = 0; i < 3; i++) {
      expect((await mutate(limitedServer, 'auth.register', newAccount(), client)).status).toBe(200)
    }
    for (let i = 0; i < 2; i++) {
      const { status } = await call('auth-register', {
        body: newAccount(),
        headers: client,
        on: limitedServer,
      })
      expect(status).toBe(200)
    }
    const refused = await call('auth-register', {
      body: newAccount(),
      headers: { ...client, origin: APP_ORIGIN },
      on: limitedServer,
    })
    expect(refused.status).toBe(429)
    expect(refused.body.error.data.appCode).toBe('RATE_LIMITED')
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(refused.res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(refused.res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(
      'retry-after',
    )
  })
})
