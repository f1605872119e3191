import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, mutate, query, type SignedUp, signUp, type TestApp } from './helpers'

let t: TestApp
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
})
afterAll(() => t?.close())

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function createToken(scope: 'read' | 'write'): Promise<string> {
  const { status, body } = await mutate(
    t.app,
    'tokens.create',
    { name: `${scope} over http`, scope },
    bearer(ada.token),
  )
  expect(status).toBe(200)
  return body.result.data.token
}

describe('API tokens over HTTP', () => {
  it('authenticate as Authorization: Bearer ink_…', async () => {
    const token = await createToken('write')
    const { status, body } = await query(t.app, 'users.me', undefined, bearer(token))
    expect(status).toBe(200)
    expect(body.result.data.id).toBe(ada.userId)
    expect((await mutate(t.app, 'notes.create', { title: 'Scripted' }, bearer(token))).status).toBe(
      200,
    )
  })

  it('answer 403 INSUFFICIENT_SCOPE to a read token’s mutation, 403 SESSION_REQUIRED to a credential procedure', async () => {
    const token = await createToken('read')
    const create = await mutate(t.app, 'notes.create', { title: 'Nope' }, bearer(token))
    expect(create.status).toBe(403)
    expect(create.body.error.data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
      appCode: 'INSUFFICIENT_SCOPE',
    })
    const list = await query(t.app, 'tokens.list', undefined, bearer(token))
    expect(list.status).toBe(403)
    expect(list.body.error.data.appCode).toBe('SESSION_REQUIRED')
    const logout = await mutate(t.app, 'auth.logout', undefined, bearer(token))
    expect(logout.status).toBe(403)
    expect(logout.body.error.data.appCode).toBe('SESSION_REQUIRED')
  })

  it('serve a batch of queries to a read token', async () => {
    const token = await createToken('read')
    const res = await t.app.request('/trpc/users.me,notes.list?batch=1&input=%7B%7D', {
      headers: bearer(token),
    })
    const [me, list] = (await res.json()) as [{ result?: unknown }, { result?: unknown }]
    expect(me.result).toBeDefined()
    expect(list.result).toBeDefined()
  })

  it('are 401 in a cookie: a browser never carries one', async () => {
    const token = await createToken('write')
    const { status, body } = await query(t.app, 'users.me', undefined, {
      cookie: `inkwell_session=${token}`,
    })
    expect(status).toBe(401)
    expect(body.error.data.appCode).toBe('NOT_AUTHENTICATED')
  })

  it('never reach the log, in requests or in the answer that creates them', async () => {
    const token = await createToken('write')
    await query(t.app, 'users.me', undefined, bearer(token))
    expect(t.log.text()).not.toContain(token)
    expect(t.log.text()).not.toContain(token.slice(4))
  })
})

describe('notes.create with a client-made id over HTTP', () => {
  it('returns the same note on a retry, and 409 NOTE_ID_TAKEN for another user', async () => {
    const id = crypto.randomUUID()
    const first = await mutate(t.app, 'notes.create', { id, title: 'Once' }, bearer(ada.token))
    const retry = await mutate(t.app, 'notes.create', { id, title: 'Once' }, bearer(ada.token))
    expect(first.status).toBe(200)
    expect(retry.body.result.data).toEqual(first.body.result.data)
    const bob = await signUp(t.app)
    const taken = await mutate(t.app, 'notes.create', { id, title: 'Mine?' }, bearer(bob.token))
    expect(taken.status).toBe(409)
    expect(taken.body.error.data).toMatchObject({ code: 'CONFLICT', appCode: 'NOTE_ID_TAKEN' })
  })
})
