import { CompiledQuery, sql } from 'kysely'
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

  it('reports its pool: connections in use while a transaction runs, and who waits', async () => {
    let during = db.poolStats()
    let outside: Promise<unknown> = Promise.resolve()
    await db.kysely.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx)
      // On PGlite this waits for the commit: the transaction holds the one session.
      outside = sql`select 1`.execute(db.kysely)
      await new Promise((r) => setTimeout(r, 20))
      during = db.poolStats()
    })
    await outside
    expect(during.total - during.idle).toBeGreaterThanOrEqual(1)
    if (db.kind === 'pglite') expect(during).toEqual({ total: 1, idle: 0, waiting: 1 })
    const after = db.poolStats()
    expect(after.waiting).toBe(0)
    expect(after.total - after.idle).toBe(0)
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

// PGlite only: node-postgres answers a script with one result per statement, which Kysely reads
// as no rows, and leaves a failed script's transaction to whoever holds the connection.
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('PGlite scripts', () => {
  it('runs a parameterless script of several statements, like node-postgres', async () => {
    const { rows } = await db.kysely.executeQuery<{ n: number }>(
      CompiledQuery.raw(
        'create temporary table script_test (n int); insert into script_test values (1), (2); select sum(n)::int as n from script_test',
      ),
    )
    expect(rows).toEqual([{ n: 3 }])
  })

  it('leaves no transaction open when a script fails inside its own', async () => {
    await expect(
      db.kysely.executeQuery(CompiledQuery.raw('begin; select 1 / 0; commit')),
    ).rejects.toThrow(/division by zero/)
    // On PGlite's single session, a transaction left aborted would fail this query.
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db.kysely)
    expect(rows).toEqual([{ one: 1 }])
  })
})
