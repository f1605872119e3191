import { randomUUID } from 'node:crypto'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, createLogger } from '../src'
import type { AppEnv } from '../src/types'
import { type Reply, reply } from './helpers'

let h: TestHarness
let app: Hono<AppEnv>
let ada: string
let bob: string
beforeAll(async () => {
  h = await createTestHarness()
  app = createApp({ deps: h.deps, logger: createLogger('silent') })
  ada = await register('ada')
  bob = await register('bob')
})
afterAll(() => h?.close())

const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {}

/** A mutation as curl sends it: `POST /trpc/<procedure>`, a JSON body. */
async function post(
  procedure: string,
  input: unknown,
  token?: string,
  body = JSON.stringify(input),
): Promise<Reply> {
  return reply(
    await app.request(`/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      ...(body === undefined ? {} : { body }),
    }),
  )
}

/** A query as curl sends it: `GET /trpc/<procedure>?input=<URL-encoded JSON>`. */
async function get(procedure: string, input: unknown, token?: string): Promise<Reply> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
  return reply(await app.request(`/trpc/${procedure}${search}`, { headers: bearer(token) }))
}

async function register(name: string): Promise<string> {
  const { status, body } = await post('auth.register', {
    email: `${name}-${randomUUID().slice(0, 8)}@example.com`,
    password: 'a long passphrase',
    name,
  })
  if (status !== 200) throw new Error(`register failed: ${status} ${JSON.stringify(body)}`)
  return body.result.data.session.token
}

/** Asserts the tRPC error envelope: status, app code, and the tRPC code that matches. */
function expectError(r: Reply, status: number, appCode: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  expect(r.body.error.data).toMatchObject({ httpStatus: status, appCode })
  expect(r.body).not.toHaveProperty('result')
  return r.body.error
}

const ok = (r: Reply) => {
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.result.data
}

async function createNote(input: Record<string, unknown>, token = ada) {
  return ok(await post('notes.create', input, token))
}

describe('notes over HTTP', () => {
  it('creates, reads, lists, edits, trashes and restores with plain JSON', async () => {
    const created = ok(
      await post(
        'notes.create',
        { title: '  Shopping  ', content: 'oat milk', tags: ['Home', ' home ', 'Errands'] },
        ada,
      ),
    )
    expect(created).toEqual({
      id: expect.any(String),
      title: 'Shopping',
      content: 'oat milk',
      tags: ['home', 'errands'],
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: created.createdAt,
      deletedAt: null,
    })

    expect(ok(await get('notes.get', { id: created.id }, ada))).toEqual(created)

    const listed = ok(await get('notes.list', { tag: 'errands', limit: 5 }, ada))
    expect(listed).toEqual({ items: [created], nextCursor: null })
    const searched = ok(await get('notes.list', { search: '"oat milk" -coffee' }, ada))
    expect(searched.items.map((n: { id: string }) => n.id)).toEqual([created.id])

    const edited = ok(
      await post('notes.update', { id: created.id, version: 1, content: 'oat milk, bread' }, ada),
    )
    expect(edited).toMatchObject({
      id: created.id,
      title: 'Shopping',
      content: 'oat milk, bread',
      version: 2,
    })

    const trashed = ok(await post('notes.delete', { id: created.id }, ada))
    expect(trashed).toMatchObject({ version: 3, deletedAt: expect.any(String) })
    expect(ok(await get('notes.list', { tag: 'errands' }, ada)).items).toEqual([])
    expect(ok(await get('notes.list', { tag: 'errands', trashed: true }, ada)).items).toEqual([
      trashed,
    ])

    const restored = ok(await post('notes.restore', { id: created.id }, ada))
    expect(restored).toMatchObject({ version: 4, deletedAt: null, content: 'oat milk, bread' })
    expect(ok(await get('notes.get', { id: created.id }, ada))).toEqual(restored)
  })

  it('answers a stale version with 409 VERSION_CONFLICT', async () => {
    const note = await createNote({ title: 'Contended' })
    ok(await post('notes.update', { id: note.id, version: 1, title: 'first' }, ada))
    const error = expectError(
      await post('notes.update', { id: note.id, version: 1, title: 'second' }, ada),
      409,
      'VERSION_CONFLICT',
    )
    expect(error.data.code).toBe('CONFLICT')
    expect(ok(await get('notes.get', { id: note.id }, ada))).toMatchObject({
      title: 'first',
      version: 2,
    })
  })

  it('carries the note as the server has it in a VERSION_CONFLICT (error.data.current)', async () => {
    const note = await createNote({ title: 'Merge me', content: 'base', tags: ['x'] })
    const theirs = ok(
      await post('notes.update', { id: note.id, version: 1, content: 'theirs' }, ada),
    )
    const error = expectError(
      await post('notes.update', { id: note.id, version: 1, title: 'mine' }, ada),
      409,
      'VERSION_CONFLICT',
    )
    expect(error.data.current).toEqual(theirs)
    // Another user's stale write learns nothing: it is a 404, with no note attached.
    const theft = await post('notes.update', { id: note.id, version: 1, title: 'x' }, bob)
    expect(theft.status).toBe(404)
    expect(theft.body.error.data).not.toHaveProperty('current')
  })

  it('answers another user’s note with 404 NOTE_NOT_FOUND on every procedure', async () => {
    const note = await createNote({ title: 'Ada’s diary', content: 'private' })
    const replies = [
      await get('notes.get', { id: note.id }, bob),
      await post('notes.update', { id: note.id, version: 1, title: 'mine now' }, bob),
      await post('notes.delete', { id: note.id }, bob),
      await post('notes.restore', { id: note.id }, bob),
    ]
    for (const r of replies) {
      const error = expectError(r, 404, 'NOTE_NOT_FOUND')
      expect(error.data.code).toBe('NOT_FOUND')
      expect(JSON.stringify(r.body)).not.toContain('diary')
    }
    expect(ok(await get('notes.get', { id: note.id }, ada))).toEqual(note)
  })

  it('pages a list by cursor with GET', async () => {
    const carol = await register('carol')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await createNote({ title: `page ${i}` }, carol)).id)
    // Different timestamps, so the order does not hang on the clock's resolution.
    for (const [i, id] of ids.entries()) {
      await h.db.kysely
        .updateTable('notes')
        .set({ updated_at: new Date(Date.UTC(2021, 0, 1, 0, i)) })
        .where('id', '=', id)
        .execute()
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = ok(
        await get('notes.list', { limit: 2, ...(cursor ? { cursor } : {}) }, carol),
      )
      seen.push(...page.items.map((n) => n.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([...ids].reverse())
    // With no input at all, the defaults apply.
    expect(ok(await get('notes.list', undefined, carol)).items).toHaveLength(5)
  })

  it('answers a bad cursor with 400 INVALID_CURSOR', async () => {
    expectError(await get('notes.list', { cursor: 'abc' }, ada), 400, 'INVALID_CURSOR')
    expectError(await get('notes.changes', { since: 'abc' }, ada), 400, 'INVALID_CURSOR')
    await createNote({ title: 'one' }, bob)
    await createNote({ title: 'two' }, bob)
    const bobsCursor = ok(await get('notes.list', { limit: 1 }, bob)).nextCursor
    expect(bobsCursor).toEqual(expect.any(String))
    expectError(await get('notes.list', { cursor: bobsCursor }, ada), 400, 'INVALID_CURSOR')
    expectError(
      await get('notes.list', { cursor: bobsCursor, trashed: true }, bob),
      400,
      'INVALID_CURSOR',
    )
  })

  it('counts tags with GET and no input', async () => {
    const dan = await register('dan')
    await createNote({ title: 'a', tags: ['work', 'home'] }, dan)
    await createNote({ title: 'b', tags: ['Work'] }, dan)
    const binned = await createNote({ title: 'c', tags: ['work', 'gone'] }, dan)
    ok(await post('notes.delete', { id: binned.id }, dan))
    expect(ok(await get('notes.tags', undefined, dan))).toEqual([
      { tag: 'work', count: 2 },
      { tag: 'home', count: 1 },
    ])
  })

  it('serves the sync feed with GET, cursor to cursor', async () => {
    const erin = await register('erin')
    const start = ok(await get('notes.changes', undefined, erin))
    expect(start).toEqual({ changes: [], purged: [], cursor: expect.any(String), hasMore: false })
    const note = await createNote({ title: 'synced' }, erin)
    const trashed = ok(await post('notes.delete', { id: note.id }, erin))

    const feed = ok(await get('notes.changes', { since: start.cursor, limit: 10 }, erin))
    expect(feed).toEqual({
      changes: [trashed],
      purged: [],
      cursor: expect.any(String),
      hasMore: false,
    })
    expect(ok(await get('notes.changes', { since: feed.cursor }, erin))).toEqual({
      changes: [],
      purged: [],
      cursor: feed.cursor,
      hasMore: false,
    })
  })

  it('runs a batch of notes queries in one request', async () => {
    const note = await createNote({ title: 'batched', tags: ['b'] })
    const input = encodeURIComponent(
      JSON.stringify({ 0: { id: note.id }, 1: { id: randomUUID() } }),
    )
    const r = await reply(
      await app.request(`/trpc/notes.get,notes.get?batch=1&input=${input}`, {
        headers: bearer(ada),
      }),
    )
    expect(r.body[0].result.data).toEqual(note)
    expect(r.body[1].error.data).toMatchObject({ appCode: 'NOTE_NOT_FOUND', httpStatus: 404 })
  })
})

describe('validation over HTTP', () => {
  it.each([
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['content of 100001 characters', { title: 't', content: 'y'.repeat(100_001) }, 'content'],
    ['21 tags', { title: 't', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['a tag of 33 characters', { title: 't', tags: ['a'.repeat(33)] }, 'tags'],
    ['an empty tag', { title: 't', tags: [''] }, 'tags'],
    ['a NUL in the title', { title: 'a\u0000' }, 'title'],
  ])(
    'refuses %s with 400 VALIDATION_FAILED and fieldErrors on that field',
    async (_, input, field) => {
      const error = expectError(await post('notes.create', input, ada), 400, 'VALIDATION_FAILED')
      expect(Object.keys(error.data.fieldErrors)).toEqual([field])
      expect(error.data.fieldErrors[field]).toEqual([expect.any(String)])
    },
  )

  it('accepts every limit at its boundary', async () => {
    const note = ok(
      await post(
        'notes.create',
        {
          title: 'x'.repeat(200),
          content: 'y'.repeat(100_000),
          tags: ['a'.repeat(32), ...Array.from({ length: 19 }, (_, i) => `t${i}`)],
        },
        ada,
      ),
    )
    expect([note.title.length, note.content.length, note.tags.length]).toEqual([200, 100_000, 20])
  })

  it('refuses a body over 1 MiB with 413 before creating anything', async () => {
    const before = ok(await get('notes.list', { limit: 100 }, ada)).items.length
    const r = await post(
      'notes.create',
      { title: 'huge', content: 'x'.repeat(1024 * 1024 + 1) },
      ada,
    )
    expectError(r, 413, 'PAYLOAD_TOO_LARGE')
    expect(ok(await get('notes.list', { limit: 100 }, ada)).items.length).toBe(before)
  })

  it('refuses every notes procedure without a session with 401 NOT_AUTHENTICATED', async () => {
    const note = await createNote({ title: 'guarded' })
    const replies = [
      await post('notes.create', { title: 'x' }),
      await get('notes.get', { id: note.id }),
      await get('notes.list', {}),
      await post('notes.update', { id: note.id, version: 1, title: 'x' }),
      await post('notes.delete', { id: note.id }),
      await post('notes.restore', { id: note.id }),
      await get('notes.tags', undefined),
      await get('notes.changes', {}),
      await get('notes.get', { id: note.id }, 'not-a-real-token'),
    ]
    for (const r of replies) expectError(r, 401, 'NOT_AUTHENTICATED')
    expect(ok(await get('notes.get', { id: note.id }, ada))).toEqual(note)
  })
})

describe('junk input to every notes procedure', () => {
  const PROCEDURES = {
    'notes.create': 'mutation',
    'notes.get': 'query',
    'notes.list': 'query',
    'notes.update': 'mutation',
    'notes.delete': 'mutation',
    'notes.restore': 'mutation',
    'notes.tags': 'query',
    'notes.changes': 'query',
  } as const
  const NIL = '00000000-0000-0000-0000-000000000000'
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

  let victim: { id: string }
  beforeAll(async () => {
    victim = await createNote({ title: 'victim', tags: ['v'] }, bob)
  })

  const junk = (): unknown[] => [
    null,
    true,
    0,
    -1,
    1e308,
    'string',
    '',
    [],
    {},
    [1, 'two'],
    { id: 42 },
    { id: 'not-a-uuid' },
    { id: `${NIL}'; drop table notes; --` },
    { id: victim.id, version: 1, title: 'hijack' },
    { id: NIL, version: 1 },
    { id: NIL, version: 2 ** 31 },
    { id: NIL, version: 1e308 },
    { id: NIL, version: -1 },
    { id: NIL, version: '1' },
    { title: null, content: null, tags: null },
    { title: 123, content: [], tags: {} },
    { title: 'a\u0000b' },
    { title: 't', content: 'a\u0000b' },
    { title: 't', tags: ['\u0000'] },
    { title: 't', tags: 'work' },
    { title: 't', tags: [1, 2, null] },
    { title: 't', tags: Array.from({ length: 10_000 }, (_, i) => `t${i}`) },
    { title: '\ud800', content: '\udfff\ud800', tags: ['\ud83d'] },
    { title: '\u202e\u200b', tags: ['\u202e'] },
    { title: 'x'.repeat(100_000) },
    { limit: 0 },
    { limit: 1e308 },
    { limit: '10' },
    { limit: 1.5 },
    { cursor: 'garbage' },
    { cursor: '' },
    { cursor: 'x'.repeat(513) },
    { cursor: `x.${b64(['2026-02-31 10:00:00+00', NIL])}` },
    { cursor: b64(['2026-01-01 10:00:00+99', NIL]) },
    { cursor: 42 },
    { tag: '' },
    { tag: '\u0000' },
    { tag: 'x'.repeat(1000) },
    { search: '\u0000' },
    { search: "'; select pg_sleep(10); --" },
    { search: '&|!():*\\"' },
    { search: 'x'.repeat(501) },
    { search: 42 },
    { trashed: 'yes' },
    { since: 'garbage' },
    { since: 'c1.' },
    { since: `c1.${b64(['99999999999999999999', NIL, 'x'])}` },
    { since: `c1.${b64(['-1', NIL])}` },
    { since: 'c2.' },
    { since: `c2.${b64(['99999999999999999999', 'x'])}` },
    { since: `c2.${b64([{ $gt: '' }])}` },
    { since: 7 },
    { limit: 501, since: null },
    JSON.parse('{"__proto__":{"polluted":true},"title":"proto"}'),
    { title: 'nested', extra: { deep: [[[[[]]]]] } },
  ]
  const rawBodies = [
    '',
    '{',
    '{"title":',
    'undefined',
    'NaN',
    '1e999',
    '{"a":1}{"b":2}',
    '"\\u0000"',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ]

  for (const [procedure, kind] of Object.entries(PROCEDURES)) {
    it(`${procedure} never answers 5xx`, async () => {
      const failures: string[] = []
      const check = (label: string, r: Response) => {
        if (r.status >= 500) failures.push(`${label} -> ${r.status}`)
      }
      const send = (encoded: string, token?: string) =>
        kind === 'query'
          ? app.request(`/trpc/${procedure}?input=${encodeURIComponent(encoded)}`, {
              headers: bearer(token),
            })
          : app.request(`/trpc/${procedure}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...bearer(token) },
              body: encoded,
            })
      for (const value of junk()) {
        const encoded = JSON.stringify(value)
        check(`${encoded.slice(0, 80)} (signed in)`, await send(encoded, ada))
        check(`${encoded.slice(0, 80)} (signed out)`, await send(encoded))
      }
      for (const raw of rawBodies) check(`raw ${raw.slice(0, 40)}`, await send(raw, ada))
      expect(failures).toEqual([])
      expect(Object.prototype).not.toHaveProperty('polluted')
    })
  }

  it('leaves another user’s note untouched after all that', async () => {
    const r = await get('notes.get', { id: victim.id }, bob)
    expect(ok(r)).toMatchObject({ title: 'victim', version: 1, deletedAt: null })
  })
})
