import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext, type RequestMeta, requestMeta } from '../src/context'
import { resolveJsonCalls } from '../src/http/json-calls'
import { appRouter } from '../src/root'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, signUp, uniqueIp } from './helpers'

// resolveJsonCalls must answer exactly as tRPC's fetch adapter does: each case is sent to
// both, and the status, headers and body compared.
let h: TestHarness
let ada: Account
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
  ada = await signUp(h)
})
afterAll(() => h?.close())

interface Case {
  /** One path, or a batch's paths joined by commas (with `batch`). */
  readonly path: string
  readonly batch?: boolean
  readonly type: 'query' | 'mutation'
  readonly input?: string
  readonly meta?: Partial<RequestMeta>
}

interface Answer {
  readonly status: number
  readonly headers: [string, string][]
  readonly body: unknown
}

const metaOf = (c: Case) => requestMeta({ requestId: 'req-1', ip: '10.9.9.9', ...c.meta })

async function viaAdapter(c: Case): Promise<Answer> {
  const params = new URLSearchParams()
  if (c.batch) params.set('batch', '1')
  if (c.type === 'query' && c.input !== undefined) params.set('input', c.input)
  const query = params.size > 0 ? `?${params}` : ''
  const req = new Request(`http://api.test/trpc/${c.path}${query}`, {
    method: c.type === 'query' ? 'GET' : 'POST',
    headers: c.type === 'mutation' ? { 'content-type': 'application/json' } : {},
    ...(c.type === 'mutation' ? { body: c.input ?? '' } : {}),
  })
  const res = await fetchRequestHandler({
    endpoint: '/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createContext({ deps: h.deps, resHeaders, req: metaOf(c) }),
  })
  return { status: res.status, headers: [...res.headers], body: await res.json() }
}

async function viaJsonCalls(c: Case): Promise<Answer | undefined> {
  const answer = await resolveJsonCalls({
    paths: c.batch ? c.path.split(',') : [c.path],
    batch: c.batch ?? false,
    type: c.type,
    readInput: async () => c.input,
    createContext: (resHeaders) => createContext({ deps: h.deps, resHeaders, req: metaOf(c) }),
  })
  if (!answer) return undefined
  return { status: answer.status, headers: [...answer.headers], body: JSON.parse(answer.body) }
}

/**
 * Retry-After counts down with the login lock, which each refused attempt makes longer: a
 * whole number of seconds in both answers, compared by presence only.
 */
function withoutWaits(answer: Answer | undefined): Answer | undefined {
  if (!answer) return answer
  const headers = answer.headers.map(([name, value]): [string, string] => {
    if (name !== 'retry-after') return [name, value]
    expect(value).toMatch(/^[1-9][0-9]*$/)
    return [name, 'seconds']
  })
  return { ...answer, headers }
}

async function expectSame(c: Case, status: number): Promise<Answer> {
  const single = await viaJsonCalls(c)
  const adapter = await viaAdapter(c)
  expect(withoutWaits(single)).toEqual(withoutWaits(adapter))
  expect(adapter.status).toBe(status)
  return adapter
}

const bearer = () => ({ authorization: `Bearer ${ada.token}` })

describe('plain calls are answered as the fetch adapter answers them', () => {
  it('a query with no input', async () => {
    const answer = await expectSame({ path: 'users.me', type: 'query', meta: bearer() }, 200)
    expect(answer.body).toMatchObject({ result: { data: { email: ada.email } } })
  })

  it('a query with input', async () => {
    await h.caller({ token: ada.token }).notes.create({ title: 'one' })
    const input = JSON.stringify({ limit: 5 })
    const answer = await expectSame(
      { path: 'notes.list', type: 'query', input, meta: bearer() },
      200,
    )
    expect(answer.body).toMatchObject({ result: { data: { items: [{ title: 'one' }] } } })
  })

  it('signed out: 401 NOT_AUTHENTICATED', async () => {
    const answer = await expectSame({ path: 'users.me', type: 'query' }, 401)
    expect(answer.body).toMatchObject({ error: { data: { appCode: 'NOT_AUTHENTICATED' } } })
  })

  it('input that fails validation: 400 with the field errors', async () => {
    const input = JSON.stringify({ id: 'not-a-uuid' })
    const answer = await expectSame(
      { path: 'notes.get', type: 'query', input, meta: bearer() },
      400,
    )
    expect(answer.body).toMatchObject({ error: { data: { appCode: 'VALIDATION_FAILED' } } })
  })

  it('input that is not JSON: 400', async () => {
    await expectSame({ path: 'notes.get', type: 'query', input: '{"id":', meta: bearer() }, 400)
    await expectSame({ path: 'notes.create', type: 'mutation', input: '{', meta: bearer() }, 400)
  })

  it('a mutation with an empty body reads as no input', async () => {
    await expectSame({ path: 'notes.create', type: 'mutation', input: '', meta: bearer() }, 400)
  })

  it('a mutation that fails, and one that sets headers (Retry-After on a rate limit)', async () => {
    const title = JSON.stringify({ title: 'x'.repeat(100_000) })
    await expectSame({ path: 'notes.create', type: 'mutation', input: title, meta: bearer() }, 400)
    const ip = uniqueIp()
    const login = JSON.stringify({ email: ada.email, password: 'wrong password, not hers' })
    let answer: Answer | undefined
    for (let i = 0; i < 30 && answer?.status !== 429; i++) {
      answer = await viaAdapter({
        path: 'auth.login',
        type: 'mutation',
        input: login,
        meta: { ip },
      })
    }
    expect(answer?.status).toBe(429)
    const again = await expectSame(
      { path: 'auth.login', type: 'mutation', input: login, meta: { ip } },
      429,
    )
    expect(again.headers.map(([name]) => name)).toContain('retry-after')
  })

  it('a batch: each call answered in order, 207 when their statuses differ', async () => {
    const input = JSON.stringify({ 1: { limit: 2 }, 2: { id: 'not-a-uuid' } })
    const path = 'users.me,notes.list,notes.get'
    const mixed = await expectSame({ path, batch: true, type: 'query', input, meta: bearer() }, 207)
    expect(mixed.body).toMatchObject([
      { result: { data: { email: ada.email } } },
      { result: { data: { items: [{ title: 'one' }] } } },
      { error: { data: { appCode: 'VALIDATION_FAILED' } } },
    ])
    await expectSame(
      { path: 'users.me,notes.tags', batch: true, type: 'query', meta: bearer() },
      200,
    )
    await expectSame({ path: 'users.me,notes.tags', batch: true, type: 'query' }, 401)
    await expectSame(
      { path: 'notes.get', batch: true, type: 'query', input: '[1]', meta: bearer() },
      400,
    )
    await expectSame(
      { path: 'notes.get', batch: true, type: 'query', input: '{', meta: bearer() },
      400,
    )
    const create = JSON.stringify({ 0: { title: '' }, 1: { title: 'x'.repeat(100_000) } })
    await expectSame(
      {
        path: 'notes.create,notes.create',
        batch: true,
        type: 'mutation',
        input: create,
        meta: bearer(),
      },
      400,
    )
  })

  it('leaves to the adapter a path with no procedure, or one of another type', async () => {
    expect(await viaJsonCalls({ path: 'notes.nothing', type: 'query' })).toBeUndefined()
    expect(await viaJsonCalls({ path: 'constructor', type: 'query' })).toBeUndefined()
    expect(await viaJsonCalls({ path: 'notes.create', type: 'query' })).toBeUndefined()
    expect(await viaJsonCalls({ path: 'users.me', type: 'mutation' })).toBeUndefined()
    expect(await viaJsonCalls({ path: 'notes.onChange', type: 'query' })).toBeUndefined()
    expect(
      await viaJsonCalls({ path: 'users.me,notes.create', batch: true, type: 'query' }),
    ).toBeUndefined()
    expect(await viaJsonCalls({ path: 'users.me,users.me', type: 'query' })).toBeUndefined()
  })
})
