import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../src'
import { createTestDb } from '../src/testing'

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

async function insertUser(kysely: Db['kysely'], email: string): Promise<void> {
  await kysely.insertInto('users').values({ email, name: 'n', password_hash: 'x' }).execute()
}

describe('test database', () => {
  it('is migrated', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from users`.execute(
      db.kysely,
    )
    expect(rows[0]?.n).toBe(0)
  })

  it('enforces case-insensitive unique emails', async () => {
    await insertUser(db.kysely, 'case@example.com')
    await expect(insertUser(db.kysely, 'CASE@example.com')).rejects.toMatchObject({ code: '23505' })
  })

  it('keeps a concurrent query out of a transaction that rolls back', async () => {
    const rolledBack = db.kysely.transaction().execute(async (trx) => {
      await insertUser(trx, 'inside@example.com')
      await new Promise((r) => setTimeout(r, 50))
      throw new Error('roll back')
    })
    // Issued while the transaction is open: must not run inside it and vanish with it.
    const outside = insertUser(db.kysely, 'outside@example.com')
    await expect(rolledBack).rejects.toThrow('roll back')
    await outside
    const emails = await db.kysely
      .selectFrom('users')
      .select('email')
      .where('email', 'in', ['inside@example.com', 'outside@example.com'])
      .execute()
    expect(emails.map((r) => r.email)).toEqual(['outside@example.com'])
  })

  it('reports affected rows of writes', async () => {
    const result = await db.kysely
      .updateTable('users')
      .set({ name: 'm' })
      .where('email', 'like', '%@example.com')
      .executeTakeFirst()
    expect(result.numUpdatedRows).toBe(2n)
  })
})
