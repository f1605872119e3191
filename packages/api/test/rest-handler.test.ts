import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext, requestMeta } from '../src/context'
import { createRestHandler } from '../src/rest/handler'
import { openApiDocument } from '../src/rest/openapi-document'
import { inputFromQuery } from '../src/rest/routes'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, signUp } from './helpers'

let h: TestHarness
let account: Account
const handle = createRestHandler()
beforeAll(async () => {
  h = await createTestHarness()
  account = await signUp(h)
})
afterAll(() => h.close())

async function rest(
  method: string,
  path: string,
  options: { body?: string; type?: string; token?: string } = {},
) {
  const req = new Request(`http://api.test/api/v1${path}`, {
    method,
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: options.type ? { 'content-type': options.type } : {},
  })
  const res = await handle(req, {
    createContext: (resHeaders) =>
      createContext({
        deps: h.deps,
        resHeaders,
        req: requestMeta({ authorization: `Bearer ${options.token ?? account.token}` }),
      }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: the body as answered
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

describe('the REST handler', () => {
  it('calls the procedure of the route, literal segments before parameters', async () => {
    const tags = await rest('GET', '/notes/tags')
    expect(tags).toMatchObject({ status: 200, body: [] })
    const created = await rest('POST', '/notes/', {
      body: JSON.stringify({ title: 'Handled' }),
      type: 'application/json; charset=utf-8',
    })
    expect(created.status).toBe(200)
    const got = await rest('GET', `/notes/${created.body.id}`)
    expect(got.body.title).toBe('Handled')
  })

  it('refuses a body that is not a JSON object, or not JSON at all', async () => {
    const text = await rest('POST', '/notes', { body: 'title=x', type: 'text/plain' })
    expect(text.status).toBe(415)
    const broken = await rest('POST', '/notes', { body: '{"title":', type: 'application/json' })
    expect(broken.status).toBe(400)
    expect(broken.body.error.data.appCode).toBe('BAD_REQUEST')
    const list = await rest('POST', '/notes', { body: '[1]', type: 'application/json' })
    expect(list.status).toBe(400)
    expect(list.body.error.message).toBe('The body must be a JSON object')
  })

  it('answers a malformed path escape 400, and an unknown path 404', async () => {
    expect((await rest('GET', '/notes/%E0%A4%A')).status).toBe(400)
    expect((await rest('GET', '/no/such/route')).status).toBe(404)
  })
})

describe('query strings', () => {
  const kinds = new Map([
    ['limit', 'number'],
    ['trashed', 'boolean'],
    ['tags', 'array'],
  ] as const)

  it('become the types the input expects, or stay text for the schema to refuse', () => {
    const query = new URLSearchParams(
      'limit=5&trashed=false&tags=a&tags=b&search=x&extra=1&extra=2',
    )
    expect(inputFromQuery(query, kinds)).toEqual({
      limit: 5,
      trashed: false,
      tags: ['a', 'b'],
      search: 'x',
      extra: ['1', '2'],
    })
    expect(inputFromQuery(new URLSearchParams('limit=5e3&trashed=yes'), kinds)).toEqual({
      limit: '5e3',
      trashed: 'yes',
    })
  })
})

describe('the document', () => {
  it('keeps a path under PUBLIC_URL', async () => {
    const doc = await openApiDocument({ publicUrl: 'https://example.com/notes/' })
    expect(doc.servers?.[0]?.url).toBe('https://example.com/notes/api/v1')
  })
})
