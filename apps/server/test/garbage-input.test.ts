import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createTestApp,
  json,
  mutate,
  PASSWORD,
  type SignedUp,
  signUp,
  type TestApp,
  uniqueEmail,
} from './helpers'

// Every procedure of API.md's auth, users and admin rows, by kind.
const PROCEDURES = {
  'auth.register': 'mutation',
  'auth.login': 'mutation',
  'auth.logout': 'mutation',
  'auth.refresh': 'mutation',
  'auth.requestPasswordReset': 'mutation',
  'auth.resetPassword': 'mutation',
  'auth.requestEmailVerification': 'mutation',
  'auth.verifyEmail': 'mutation',
  'users.me': 'query',
  'users.update': 'mutation',
  'users.changePassword': 'mutation',
  'users.sessions': 'query',
  'users.revokeSession': 'mutation',
  'users.revokeOtherSessions': 'mutation',
  'admin.users.list': 'query',
  'admin.users.get': 'query',
  'admin.users.update': 'mutation',
  'admin.users.delete': 'mutation',
} as const
type Procedure = keyof typeof PROCEDURES

/** A small deterministic PRNG, so a failure names a case that can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256))
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const NIL_UUID = '00000000-0000-0000-0000-000000000000'
const long = (n: number) => 'x'.repeat(n)
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** JSON values of the wrong type, shape, size or content, for every input field there is. */
const JUNK_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  'string',
  '',
  [],
  {},
  [1, 'two', null],
  { email: 123, password: [], name: {} },
  { email: null, password: null, name: null },
  { email: long(100_000), password: long(100_000), name: long(100_000) },
  { email: 'a@b.co', password: long(257), name: 'N' },
  { email: 'not-an-email', password: 'short', name: '   ' },
  { email: ['a@b.co'], password: { toString: 'x' } },
  { email: 'a@b.co', password: 'p\u0000ssword123' },
  { email: '\ud800@b.co', password: '\udfff\ud800\udfff', name: '\ud83d' },
  { email: '\u202e@\u200b.co', name: '\u202e\u200b' },
  { __proto__: { role: 'admin' }, constructor: { prototype: { role: 'admin' } } },
  JSON.parse('{"__proto__":{"polluted":true},"email":"a@b.co","password":"x"}'),
  { token: '', password: PASSWORD },
  { token: long(129), password: PASSWORD },
  { token: '\u0000', password: PASSWORD },
  { token: "' or 1=1 --", password: PASSWORD },
  { currentPassword: '', newPassword: '' },
  { currentPassword: long(300), newPassword: long(300) },
  { id: 'not-a-uuid' },
  { id: NIL_UUID },
  { id: `${NIL_UUID}'; drop table users; --` },
  { id: 42, name: 7, role: 'superadmin', disabled: 'yes' },
  { id: NIL_UUID, role: 'root', disabled: 1 },
  { limit: 0 },
  { limit: 101 },
  { limit: 1.5 },
  { limit: -1e308 },
  { limit: '10' },
  { limit: 1e308 },
  { cursor: 'garbage' },
  { cursor: '' },
  { cursor: long(513) },
  { cursor: cursorOf(['2026-02-31 10:00:00+00', NIL_UUID]) },
  { cursor: cursorOf(['2026-01-01 10:00:00+99', NIL_UUID]) },
  { cursor: cursorOf(['2026-01-01 10:00:00+00', 'nope']) },
  { cursor: cursorOf({ a: 1 }) },
  { cursor: cursorOf([null, null]) },
  { search: '%_\\' },
  { search: "'; select pg_sleep(10); --" },
  { search: long(201) },
  { name: '' },
  { name: long(101) },
  { name: 'ok', extra: { deep: [[[[[]]]]] } },
  { 0: { email: 'a@b.co' }, 1: null },
]

/** Bodies and query strings that are not JSON at all, or barely. */
function junkRaw(): (string | Uint8Array)[] {
  const random = prng(20_261_121)
  return [
    '',
    '{',
    '{"email":',
    'undefined',
    'NaN',
    '1e999',
    '123456789012345678901234567890123456789',
    '{"a":1}{"b":2}',
    '"\\ud800"',
    '"\\u0000"',
    deepArray(5_000),
    `{"email":${deepArray(5_000)}}`,
    Uint8Array.from([0xff, 0xfe, 0xfd, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]),
    Uint8Array.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), // {"e":"\xc0\xaf"}
    ...Array.from({ length: 6 }, () => randomBytes(random, 1 + Math.floor(random() * 2000))),
  ]
}

const percentEncode = (raw: string | Uint8Array) =>
  typeof raw === 'string'
    ? encodeURIComponent(raw)
    : Array.from(raw, (b) => `%${b.toString(16).padStart(2, '0')}`).join('')

let t: TestApp
let admin: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  admin = await signUp(t.app, uniqueEmail('admin'))
  await t.h.db.kysely
    .updateTable('users')
    .set({ role: 'admin' })
    .where('id', '=', admin.userId)
    .execute()
})
afterAll(() => t?.close())
// Sessions pile up; clear them so listing them stays quick.
afterEach(async () => {
  shared = undefined
  await t.h.db.kysely.deleteFrom('sessions').where('user_id', '=', admin.userId).execute()
})

// These end the caller's session (or others'), so each call of theirs gets a session of its own.
const ENDS_SESSIONS: readonly Procedure[] = [
  'auth.logout',
  'auth.refresh',
  'users.revokeOtherSessions',
]

let shared: string | undefined
async function adminToken(procedure: Procedure): Promise<string> {
  if (!ENDS_SESSIONS.includes(procedure) && shared) return shared
  const { token } = await t.h.deps.sessions.create(admin.userId, { userAgent: null, ip: null })
  if (!ENDS_SESSIONS.includes(procedure)) shared = token
  return token
}

type Credentials = 'none' | 'bearer' | 'cookie'
async function credentialHeaders(
  procedure: Procedure,
  credentials: Credentials,
): Promise<Record<string, string>> {
  if (credentials === 'none') return {}
  const token = await adminToken(procedure)
  return credentials === 'bearer'
    ? { authorization: `Bearer ${token}` }
    : { cookie: `inkwell_session=${token}`, origin: APP_ORIGIN }
}

interface Failure {
  readonly request: string
  readonly status: number
  readonly body: string
}

/** Sends one request and returns a description of it if the answer is a 5xx. */
async function send(
  procedure: Procedure,
  payload: { json?: unknown; raw?: string | Uint8Array },
  options: { batch?: boolean; headers?: Record<string, string> } = {},
): Promise<Failure | null> {
  const kind = PROCEDURES[procedure]
  const raw =
    payload.raw ?? JSON.stringify(options.batch ? { 0: payload.json } : payload.json) ?? 'undefined'
  const batch = options.batch ? 'batch=1' : ''
  const headers = options.headers ?? {}
  let res: Response
  if (kind === 'query') {
    const search = [batch, `input=${percentEncode(raw)}`].filter(Boolean).join('&')
    res = await t.app.request(`/trpc/${procedure}?${search}`, { headers })
  } else {
    res = await t.app.request(`/trpc/${procedure}${batch ? `?${batch}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    })
  }
  const body = await res.text()
  if (res.status < 500) return null
  const shown =
    typeof raw === 'string' ? raw.slice(0, 120) : `bytes ${percentEncode(raw).slice(0, 120)}`
  return {
    request: `${procedure} ${options.batch ? 'batched ' : ''}${JSON.stringify(headers)} ${shown}`,
    status: res.status,
    body: body.slice(0, 300),
  }
}

describe('garbage never produces a 5xx', () => {
  for (const procedure of Object.keys(PROCEDURES) as Procedure[]) {
    it(`${procedure}: junk inputs, bodies and query strings`, async () => {
      const failures: Failure[] = []
      const record = (f: Failure | null) => f && failures.push(f)
      const credentials: Credentials[] = ['none', 'bearer', 'cookie']
      for (const [i, json] of JUNK_VALUES.entries()) {
        const plain = await credentialHeaders(procedure, credentials[i % credentials.length]!)
        record(await send(procedure, { json }, { headers: plain }))
        const batched = await credentialHeaders(procedure, 'bearer')
        record(await send(procedure, { json }, { batch: true, headers: batched }))
      }
      for (const [i, raw] of junkRaw().entries()) {
        const headers = await credentialHeaders(procedure, credentials[i % credentials.length]!)
        record(await send(procedure, { raw }, { headers }))
        record(await send(procedure, { raw }, { batch: true, headers: {} }))
      }
      expect(failures).toEqual([])
    })
  }
})

describe('junk credentials and headers never produce a 5xx', () => {
  const junkHeaders = (): Record<string, string>[] => [
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'Bearer a b c' },
    { authorization: `Bearer ${long(10_000)}` },
    { authorization: `Bearer ${long(128)}` },
    { authorization: 'Bearer \u00ff\u00fe\u00e9' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer null' },
    { authorization: ',,,;;;' },
    { cookie: 'inkwell_session=' },
    { cookie: 'inkwell_session' },
    { cookie: '=;;;=;' },
    { cookie: 'inkwell_session=%ZZ%00' },
    { cookie: `inkwell_session=${long(5_000)}` },
    { cookie: 'inkwell_session="quoted"; inkwell_session=second' },
    { cookie: 'inkwell_session=\u00ff\u00e9', origin: APP_ORIGIN },
    { cookie: 'other=1', origin: 'null' },
    { origin: long(5_000), 'sec-fetch-site': long(100) },
    { 'content-type': 'application/json; charset=latin1' },
    { 'content-type': 'multipart/form-data; boundary=x' },
    { 'x-request-id': long(1_000) },
    { 'x-forwarded-for': 'not an ip, ::ffff:zzz, 999.999.999.999' },
    { 'user-agent': long(8_000) },
  ]
  // A plausible input per procedure, so the request gets as far as the credentials.
  const inputs: Partial<Record<Procedure, unknown>> = {
    'auth.register': { email: 'someone@example.com', password: 'x', name: 'S' },
    'auth.login': { email: 'someone@example.com', password: 'x' },
    'auth.requestPasswordReset': { email: 'someone@example.com' },
    'auth.resetPassword': { token: 'abc', password: PASSWORD },
    'auth.verifyEmail': { token: 'abc' },
    'users.update': { name: 'New' },
    'users.changePassword': { currentPassword: 'x', newPassword: PASSWORD },
    'users.revokeSession': { id: NIL_UUID },
    'admin.users.list': {},
    'admin.users.get': { id: NIL_UUID },
    'admin.users.update': { id: NIL_UUID, name: 'X' },
    'admin.users.delete': { id: NIL_UUID },
  }

  it('on every procedure', async () => {
    const failures: Failure[] = []
    for (const procedure of Object.keys(PROCEDURES) as Procedure[]) {
      for (const headers of junkHeaders()) {
        const failure = await send(procedure, { json: inputs[procedure] }, { headers })
        if (failure) failures.push(failure)
      }
    }
    expect(failures).toEqual([])
  })

  it('a junk or foreign token is 401 NOT_AUTHENTICATED, not a crash', async () => {
    for (const authorization of [`Bearer ${long(10_000)}`, 'Bearer \u00ff\u00fe', 'Bearer null']) {
      const res = await t.app.request('/trpc/users.me', { headers: { authorization } })
      expect(res.status, authorization.slice(0, 20)).toBe(401)
    }
  })
})

describe('prototype pollution', () => {
  it('does not pollute Object.prototype nor grant a role through __proto__ keys', async () => {
    const email = uniqueEmail('proto')
    const body = `{"email":"${email}","password":"${PASSWORD}","name":"Proto","role":"admin","__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}}}`
    const res = await t.app.request('/trpc/auth.register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(res.status).toBe(200)
    const { result } = await json(res)
    expect(result.data.user.role).toBe('user')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).role).toBeUndefined()
    const me = await mutate(t.app, 'auth.login', { email, password: PASSWORD })
    expect(me.body.result.data.user.role).toBe('user')
  })
})

// PostgreSQL text cannot hold U+0000: the input schemas must refuse it (400), or the insert or
// comparison fails in the database and the client gets a 500.
describe('a NUL character in a text input', () => {
  const cases: [Procedure, () => unknown][] = [
    ['auth.register', () => ({ email: uniqueEmail('nul'), password: PASSWORD, name: 'N\u0000' })],
    ['auth.login', () => ({ email: 'a\u0000@b.co', password: PASSWORD })],
    ['auth.requestPasswordReset', () => ({ email: 'a\u0000@b.co' })],
    ['users.update', () => ({ name: 'N\u0000' })],
    ['admin.users.list', () => ({ search: '\u0000' })],
    ['admin.users.update', () => ({ id: admin.userId, name: 'N\u0000' })],
  ]
  for (const [procedure, input] of cases) {
    it(`${procedure} is refused with 400, not a 500`, async () => {
      const headers = await credentialHeaders(procedure, 'bearer')
      const failure = await send(procedure, { json: input() }, { headers })
      expect(failure).toBeNull()
    })
  }
})
