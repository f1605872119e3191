import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeError } from '../src/error-serializer'
import { createTestApp, memoryLog, mutate, type SignedUp, signUp, type TestApp } from './helpers'

// Looks like a credential: it must reach no log line, whatever the database says about it.
const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'

let t: TestApp
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  ada = await signUp(t.app)
  // Two ways for a query with the secret as a parameter to fail inside a procedure: a check
  // constraint (pg puts the row in `detail`, PGlite the parameters in `params`) and a cast
  // (PostgreSQL quotes the refused value in the message itself).
  await sql`alter table notes add constraint no_live_keys check (title not like 'sk\\_live\\_%')`.execute(
    t.h.db.kysely,
  )
  await sql`
    create function users_name_is_uuid() returns trigger language plpgsql as $$
    begin
      if new.name like 'sk\\_live\\_%' then perform new.name::uuid; end if;
      return new;
    end
    $$`.execute(t.h.db.kysely)
  await sql`create trigger users_name_is_uuid before update on users for each row execute function users_name_is_uuid()`.execute(
    t.h.db.kysely,
  )
})
afterAll(() => t?.close())

const bearer = () => ({ authorization: `Bearer ${ada.token}` })
const failureLine = (res: Response) => {
  const id = res.headers.get('x-request-id')
  return t.log.lines().find((l) => l.requestId === id && l.msg === 'procedure failed') as
    | { err: Record<string, unknown> }
    | undefined
}

describe('a database error in the log', () => {
  it('keeps message, code and stack, but no parameter or row value', async () => {
    const { status, res } = await mutate(t.app, 'notes.create', { title: SECRET }, bearer())
    expect(status).toBe(500)
    const line = failureLine(res)
    expect(line?.err).toMatchObject({
      message: expect.stringContaining('violates check constraint "no_live_keys"'),
      code: '23514',
      constraint: 'no_live_keys',
      stack: expect.stringContaining('violates check constraint'),
    })
    for (const field of ['query', 'params', 'parameters', 'detail', 'where', 'internalQuery']) {
      expect(line?.err, field).not.toHaveProperty(field)
    }
    expect(t.log.text()).not.toContain(SECRET)
  })

  it('redacts a refused value that PostgreSQL quotes in the message', async () => {
    const { status, res } = await mutate(t.app, 'users.update', { name: SECRET }, bearer())
    expect(status).toBe(500)
    const line = failureLine(res)
    expect(line?.err).toMatchObject({
      message: 'invalid input syntax for type uuid: "[redacted]"',
      code: '22P02',
    })
    expect(t.log.text()).not.toContain(SECRET)
  })
})

describe('serializeError', () => {
  it('drops every field but the known ones, in causes and aggregated errors too', () => {
    const inner = Object.assign(new Error('duplicate key value violates unique constraint "u"'), {
      code: '23505',
      constraint: 'u',
      detail: `Key (email)=(${SECRET}) already exists.`,
      parameters: [SECRET],
    })
    const outer = Object.assign(new Error('migration 0009 failed', { cause: inner }), {
      query: { sql: 'insert …', parameters: [SECRET] },
      node: { kind: 'InsertQueryNode', values: [SECRET] },
    })
    const both = new AggregateError([outer, 'plain'], 'all failed')
    const serialized = serializeError(both)
    expect(JSON.stringify(serialized)).not.toContain(SECRET)
    expect(serialized).toMatchObject({
      type: 'AggregateError',
      message: 'all failed',
      errors: [
        {
          type: 'Error',
          message: 'migration 0009 failed',
          cause: { message: inner.message, code: '23505', constraint: 'u' },
        },
        'plain',
      ],
    })
  })

  it('is the logger’s serializer for err', () => {
    const log = memoryLog()
    log.logger.error({ err: Object.assign(new Error('boom'), { params: [SECRET] }) }, 'failed')
    expect(log.lines()[0]?.err).toMatchObject({ type: 'Error', message: 'boom' })
    expect(log.text()).not.toContain(SECRET)
  })

  it('leaves values that are not objects alone', () => {
    expect(serializeError('text')).toBe('text')
    expect(serializeError(undefined)).toBeUndefined()
  })
})
