import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preparedQuery } from '../src/shared/prepared-query'

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db?.close())

describe('preparedQuery', () => {
  it('runs the query it compiled once with each call’s values', async () => {
    const pair = preparedQuery<{ a: number; b: string }, { a: number; b: string }, unknown>(
      (_kysely, p) => sql<{ a: number; b: string }>`select ${p.a}::int as a, ${p.b}::text as b`,
    )
    expect(await pair(db.kysely as never, { a: 1, b: 'one' })).toEqual([{ a: 1, b: 'one' }])
    expect(await pair(db.kysely as never, { a: 2, b: 'two' })).toEqual([{ a: 2, b: 'two' }])
  })

  it('keeps the values written into the query, and builds with the query builder', async () => {
    const users = preparedQuery((kysely: typeof db.kysely, p: { email: string }) =>
      kysely.selectFrom('users').select('email').where('email', '=', p.email).limit(5),
    )
    expect(await users(db.kysely, { email: 'nobody@example.com' })).toEqual([])
  })

  it('refuses a stand-in that was computed with instead of passed as a value', async () => {
    const wrong = preparedQuery<{ n: number }, { n: number }, unknown>(
      (_kysely, p) => sql<{ n: number }>`select ${String(p.n)} as n`,
    )
    await expect(wrong(db.kysely as never, { n: 1 })).rejects.toThrow(/n did not reach the query/)
  })
})
