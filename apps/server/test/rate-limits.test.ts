import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestApp,
  type Listening,
  listen,
  mutate,
  PASSWORD,
  query,
  type Requestable,
  type TestApp,
  uniqueEmail,
} from './helpers'

// auth.register allows 5 calls per minute per client IP.
const REGISTER_LIMIT = 5

const register = (app: Requestable, headers: Record<string, string>) =>
  mutate(app, 'auth.register', { email: uniqueEmail('rl'), password: PASSWORD, name: 'R' }, headers)

describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: true, trustedProxies: 1 })
  })
  afterAll(() => t?.close())

  it('the sixth register from one client is 429 RATE_LIMITED with Retry-After', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' }
    for (let i = 0; i < REGISTER_LIMIT; i++) {
      const { status } = await register(t.app, client)
      expect(status, `call ${i + 1}`).toBe(200)
    }
    const { status, body, res } = await register(t.app, { ...client, origin: APP_ORIGIN })
    expect(status).toBe(429)
    expect(body.error.data).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      appCode: 'RATE_LIMITED',
    })
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // A browser app may read it.
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after')
  })

  it('a forged left part of X-Forwarded-For does not open a new bucket', async () => {
    const { status } = await register(t.app, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' })
    expect(status).toBe(429)
  })

  it('another client, as the proxy reports it, is not affected', async () => {
    const { status } = await register(t.app, { 'x-forwarded-for': '203.0.113.7, 203.0.113.8' })
    expect(status).toBe(200)
  })

  it('a refused batch sets Retry-After too', async () => {
    const res = await t.app.request('/trpc/auth.register,auth.register?batch=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({
        0: { email: uniqueEmail('rl'), password: PASSWORD, name: 'R' },
        1: { email: uniqueEmail('rl'), password: PASSWORD, name: 'R' },
      }),
    })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })
})

describe('IPv6 clients are counted by their /64', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: true, trustedProxies: 1 })
  })
  afterAll(() => t?.close())

  const from = (ip: string) => register(t.app, { 'x-forwarded-for': ip })

  it('a fresh address in the same /64 does not open a new bucket', async () => {
    const first = await from('2001:db8:1:2::1')
    expect(first.status).toBe(200)
    for (let i = 2; i <= REGISTER_LIMIT; i++) {
      const { status } = await from(`2001:db8:1:2:${i.toString(16)}:a:b:c`)
      expect(status, `call ${i}`).toBe(200)
    }
    expect((await from('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).status).toBe(429)
    expect((await from('2001:db8:1:3::1')).status).toBe(200)

    // The session still records the whole address, not the key.
    const sessions = await query(t.app, 'users.sessions', undefined, {
      authorization: `Bearer ${first.body.result.data.session.token}`,
    })
    expect(sessions.body.result.data[0].ip).toBe('2001:db8:1:2::1')
  })

  it('an IPv4-mapped IPv6 address counts as the IPv4 address', async () => {
    for (let i = 0; i < REGISTER_LIMIT; i++) {
      const { status } = await from(i % 2 ? '203.0.113.40' : '::ffff:203.0.113.40')
      expect(status, `call ${i + 1}`).toBe(200)
    }
    expect((await from('::ffff:203.0.113.40')).status).toBe(429)
    expect((await from('203.0.113.40')).status).toBe(429)
    expect((await from('::ffff:203.0.113.41')).status).toBe(200)
  })
})

describe('over a real socket', () => {
  let t: TestApp
  let direct: Listening
  let proxied: Listening
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: true })
    direct = await listen(t.app)
    const { createApp } = await import('../src/app')
    proxied = await listen(createApp({ deps: t.h.deps, logger: t.log.logger, trustedProxies: 1 }))
  })
  afterAll(async () => {
    await direct?.close()
    await proxied?.close()
    await t?.close()
  })

  it('with TRUST_PROXY=0, X-Forwarded-For neither changes the bucket nor the recorded IP', async () => {
    let token = ''
    for (let i = 0; i < REGISTER_LIMIT; i++) {
      const { status, body } = await register(direct, { 'x-forwarded-for': `192.0.2.${i + 1}` })
      expect(status, `call ${i + 1}`).toBe(200)
      token = body.result.data.session.token
    }
    const sixth = await register(direct, { 'x-forwarded-for': '192.0.2.99' })
    expect(sixth.status).toBe(429)
    expect(Number(sixth.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)

    const sessions = await query(direct, 'users.sessions', undefined, {
      authorization: `Bearer ${token}`,
    })
    expect(sessions.body.result.data[0].ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  })

  it('with TRUST_PROXY=1 the address the proxy appended is the client', async () => {
    const { status, body } = await register(proxied, {
      'x-forwarded-for': '198.51.100.1, 192.0.2.50',
    })
    expect(status).toBe(200)
    const sessions = await query(proxied, 'users.sessions', undefined, {
      authorization: `Bearer ${body.result.data.session.token}`,
    })
    expect(sessions.body.result.data[0].ip).toBe('192.0.2.50')
  })
})

describe('behind two trusted proxies (TRUST_PROXY=2), over a real socket', () => {
  let t: TestApp
  let twoProxies: Listening
  beforeAll(async () => {
    t = await createTestApp({ trustedProxies: 2 })
    twoProxies = await listen(t.app)
  })
  afterAll(async () => {
    await twoProxies?.close()
    await t?.close()
  })

  it('with TRUST_PROXY=2, a header with fewer entries is the client talking: the socket counts', async () => {
    const { status, body } = await register(twoProxies, { 'x-forwarded-for': '198.51.100.77' })
    expect(status).toBe(200)
    const sessions = await query(twoProxies, 'users.sessions', undefined, {
      authorization: `Bearer ${body.result.data.session.token}`,
    })
    expect(sessions.body.result.data[0].ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  })

  it('with TRUST_PROXY=2, the entry the outer proxy appended is the client', async () => {
    const { status, body } = await register(twoProxies, {
      'x-forwarded-for': '198.51.100.1, 192.0.2.60, 10.0.0.2',
    })
    expect(status).toBe(200)
    const sessions = await query(twoProxies, 'users.sessions', undefined, {
      authorization: `Bearer ${body.result.data.session.token}`,
    })
    expect(sessions.body.result.data[0].ip).toBe('192.0.2.60')
  })
})
