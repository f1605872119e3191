import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestApp,
  json,
  listen,
  mutate,
  PASSWORD,
  query,
  type SignedUp,
  sessionSetCookie,
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

describe('curl-style calls', () => {
  it('register answers 200 with Issued and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const email = uniqueEmail('curl')
    const { status, body, res } = await mutate(t.app, 'auth.register', {
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: 'Curl',
    })
    expect(status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const issued = body.result.data
    expect(issued.user).toMatchObject({ email, name: 'Curl', role: 'user', emailVerified: false })
    expect(issued.user).not.toHaveProperty('passwordHash')
    expect(issued.user).not.toHaveProperty('password_hash')
    expect(issued.session.token).toMatch(/^\S{32,}$/)
    expect(new Date(issued.session.expiresAt).toISOString()).toBe(issued.session.expiresAt)

    const cookie = sessionSetCookie(res)
    expect(cookie).toBeDefined()
    const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase())
    expect(cookie).toMatch(new RegExp(`^inkwell_session=${issued.session.token};`))
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')
    expect(attributes).not.toContain('secure')
  })

  it('users.me answers with a bearer token', async () => {
    const { status, body } = await query(t.app, 'users.me', undefined, {
      authorization: `Bearer ${ada.token}`,
    })
    expect(status).toBe(200)
    expect(body.result.data).toMatchObject({ id: ada.userId, email: ada.email })
  })

  it('users.me answers with the session cookie', async () => {
    const { status, body } = await query(t.app, 'users.me', undefined, { cookie: ada.cookie })
    expect(status).toBe(200)
    expect(body.result.data.id).toBe(ada.userId)
  })

  it('users.me is 401 NOT_AUTHENTICATED without credentials, or with dead ones', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-real-token' },
      { cookie: 'inkwell_session=not-a-real-token' },
      { authorization: `Basic ${ada.token}` },
    ]
    for (const headers of attempts) {
      const { status, body } = await query(t.app, 'users.me', undefined, headers)
      expect(status, JSON.stringify(headers)).toBe(401)
      expect(body.error.data).toMatchObject({
        code: 'UNAUTHORIZED',
        httpStatus: 401,
        appCode: 'NOT_AUTHENTICATED',
      })
    }
  })

  it('login over HTTP issues a working token; logout ends it and clears the cookie', async () => {
    const login = await mutate(t.app, 'auth.login', { email: ada.email, password: PASSWORD })
    expect(login.status).toBe(200)
    const token: string = login.body.result.data.session.token
    expect(token).not.toBe(ada.token)
    expect(sessionSetCookie(login.res)).toMatch(/^inkwell_session=\S+;/)

    const logout = await mutate(t.app, 'auth.logout', undefined, {
      authorization: `Bearer ${token}`,
    })
    expect(logout.status).toBe(200)
    expect(logout.body.result.data).toEqual({ ok: true })
    expect(sessionSetCookie(logout.res)).toMatch(/^inkwell_session=;.*Max-Age=0/i)

    const after = await query(t.app, 'users.me', undefined, { authorization: `Bearer ${token}` })
    expect(after.status).toBe(401)
    // Ada's other session is untouched.
    const other = await query(t.app, 'users.me', undefined, {
      authorization: `Bearer ${ada.token}`,
    })
    expect(other.status).toBe(200)
  })

  it('a POST with neither body nor content type (curl -X POST) is a call with no input', async () => {
    const login = async () =>
      (await mutate(t.app, 'auth.login', { email: ada.email, password: PASSWORD })).body.result.data
        .session.token as string
    const token = await login()
    const res = await t.app.request('/trpc/auth.logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expect((await json(res)).result.data).toEqual({ ok: true })
    expect(
      (await query(t.app, 'users.me', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(401)

    // A procedure that needs input says so, instead of 415 for the missing type.
    const register = await t.app.request('/trpc/auth.register', { method: 'POST' })
    expect(register.status).toBe(400)
    expect((await json(register)).error.data.appCode).toBe('VALIDATION_FAILED')

    // The very bytes curl sends (no Content-Length either), over a real socket.
    const server = await listen(t.app)
    try {
      const second = await login()
      const curl = await rawExchange(
        server.url,
        `POST /trpc/auth.logout HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nAuthorization: Bearer ${second}\r\nConnection: close\r\n\r\n`,
      )
      expect(curl).toMatch(/^HTTP\/1\.1 200 /)
      expect(curl).toContain('{"result":{"data":{"ok":true}}}')
      // A body still needs its type.
      const untyped = await rawExchange(
        server.url,
        'POST /trpc/auth.logout HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      )
      expect(untyped).toMatch(/^HTTP\/1\.1 415 /)
    } finally {
      await server.close()
    }
  })

  it('a wrong password is 401 INVALID_CREDENTIALS and sets no cookie', async () => {
    const { status, body, res } = await mutate(t.app, 'auth.login', {
      email: ada.email,
      password: 'not the password at all',
    })
    expect(status).toBe(401)
    expect(body.error.data.appCode).toBe('INVALID_CREDENTIALS')
    expect(sessionSetCookie(res)).toBeUndefined()
  })

  it('a taken email is 409 EMAIL_TAKEN', async () => {
    const { status, body } = await mutate(t.app, 'auth.register', {
      email: ada.email,
      password: PASSWORD,
      name: 'Again',
    })
    expect(status).toBe(409)
    expect(body.error.data).toMatchObject({ code: 'CONFLICT', appCode: 'EMAIL_TAKEN' })
  })
})

describe('Secure cookie attribute', () => {
  it('is set when the public URL is https', async () => {
    const secure = await createTestApp({
      settings: { publicUrl: 'https://inkwell.example', secureCookies: true },
    })
    try {
      const { status, res } = await mutate(secure.app, 'auth.register', {
        email: uniqueEmail('secure'),
        password: PASSWORD,
        name: 'Secure',
      })
      expect(status).toBe(200)
      const attributes = sessionSetCookie(res)!
        .split(';')
        .map((a) => a.trim().toLowerCase())
      expect(attributes).toContain('secure')
      expect(attributes).toContain('httponly')
    } finally {
      await secure.close()
    }
  })
})

describe('CSRF on cookie-authenticated mutations', () => {
  const update = (headers: Record<string, string>) =>
    mutate(t.app, 'users.update', { name: 'Ada Lovelace' }, headers)

  it('refuses one without Origin with 403 CSRF_REJECTED, and changes nothing', async () => {
    const { status, body } = await update({ cookie: ada.cookie })
    expect(status).toBe(403)
    expect(body.error.data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
      appCode: 'CSRF_REJECTED',
    })
    const me = await query(t.app, 'users.me', undefined, { cookie: ada.cookie })
    expect(me.body.result.data.name).toBe('Test User')
  })

  it('refuses one from a foreign Origin', async () => {
    for (const origin of [
      'http://evil.test',
      'http://app.test.evil.test',
      'null',
      'https://app.test',
    ]) {
      const { status, body } = await update({ cookie: ada.cookie, origin })
      expect(status, origin).toBe(403)
      expect(body.error.data.appCode).toBe('CSRF_REJECTED')
    }
  })

  it('refuses Sec-Fetch-Site: cross-site / same-site', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const { status } = await update({ cookie: ada.cookie, 'sec-fetch-site': site })
      expect(status, site).toBe(403)
    }
  })

  it('accepts one from an allowed Origin', async () => {
    const { status, body } = await update({ cookie: ada.cookie, origin: APP_ORIGIN })
    expect(status).toBe(200)
    expect(body.result.data.name).toBe('Ada Lovelace')
  })

  it('accepts one with Sec-Fetch-Site: same-origin', async () => {
    const { status } = await update({ cookie: ada.cookie, 'sec-fetch-site': 'same-origin' })
    expect(status).toBe(200)
  })

  it('does not check Origin on bearer mutations', async () => {
    const { status } = await update({ authorization: `Bearer ${ada.token}` })
    expect(status).toBe(200)
    const foreign = await update({
      authorization: `Bearer ${ada.token}`,
      origin: 'http://evil.test',
    })
    expect(foreign.status).toBe(200)
  })

  it('does not check Origin on cookie queries (GET)', async () => {
    const { status } = await query(t.app, 'users.me', undefined, {
      cookie: ada.cookie,
      origin: 'http://evil.test',
    })
    expect(status).toBe(200)
  })

  it('checks every mutation of a batch', async () => {
    const res = await t.app.request('/trpc/users.update,users.revokeOtherSessions?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: ada.cookie },
      body: JSON.stringify({ 0: { name: 'Batched' }, 1: undefined }),
    })
    const body = await json(res)
    expect(res.status).toBe(403)
    expect(body.map((r: { error: { data: { appCode: string } } }) => r.error.data.appCode)).toEqual(
      ['CSRF_REJECTED', 'CSRF_REJECTED'],
    )
  })
})

describe('CORS', () => {
  const preflight = (origin: string) =>
    t.app.request('/trpc/users.update', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })

  it('answers a preflight from an allowed origin, with credentials', async () => {
    const res = await preflight(APP_ORIGIN)
    expect(res.status).toBeLessThan(300)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type')
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin')
  })

  it('gives no allow-origin to another origin', async () => {
    for (const origin of ['http://evil.test', 'null', 'http://app.test:8080']) {
      const res = await preflight(origin)
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull()
    }
  })

  it('echoes an allowed origin on the actual response and exposes x-request-id', async () => {
    const res = await t.app.request('/trpc/users.me', {
      headers: { origin: APP_ORIGIN, authorization: `Bearer ${ada.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(
      'x-request-id',
    )
    const foreign = await t.app.request('/trpc/users.me', {
      headers: { origin: 'http://evil.test', authorization: `Bearer ${ada.token}` },
    })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('response headers', () => {
  it('carries the secure headers on tRPC, health and 404 responses', async () => {
    for (const path of ['/trpc/users.me', '/healthz', '/nope']) {
      const res = await t.app.request(path)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/)
      expect(res.headers.get('x-powered-by'), path).toBeNull()
    }
  })

  it('echoes a valid incoming x-request-id', async () => {
    const res = await t.app.request('/healthz', { headers: { 'x-request-id': 'abc-123_XYZ=' } })
    expect(res.headers.get('x-request-id')).toBe('abc-123_XYZ=')
  })

  it('generates a request id when there is none, or when the incoming one is unusable', async () => {
    const first = (await t.app.request('/healthz')).headers.get('x-request-id')
    const second = (await t.app.request('/healthz')).headers.get('x-request-id')
    expect(first).toMatch(/^[\w-]{16,}$/)
    expect(second).toMatch(/^[\w-]{16,}$/)
    expect(first).not.toBe(second)
    for (const bad of ['has space', 'x'.repeat(300), '<script>', 'a\tb']) {
      const res = await t.app.request('/healthz', { headers: { 'x-request-id': bad } })
      const id = res.headers.get('x-request-id')
      expect(id, bad).toMatch(/^[\w-]{16,}$/)
      expect(id).not.toBe(bad)
    }
  })
})

/** Writes `request` as it is on a new connection; resolves with all the server sent back. */
function rawExchange(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = connect(Number(port), hostname, () => socket.write(request))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}
