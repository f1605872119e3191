import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db, isUniqueViolation } from '../src'
import { loadPgliteTemplate } from '../src/testing'

// The embedded database (PGlite) is what `pnpm dev` and a server without DATABASE_URL run on.
// These tests open it directly, so they cover it even when TEST_DATABASE_URL points the rest
// of the suite at PostgreSQL.
let db: Db
beforeAll(async () => {
  db = createDb('memory://', { loadDataDir: await loadPgliteTemplate() })
  // PGlite starts on first use; start it here, under the hook's timeout, so that start-up
  // (slow under coverage on a busy machine) is not charged to the first test.
  await sql`select 1`.execute(db.kysely)
})
afterAll(() => db.close())

async function insertUser(kysely: Db['kysely'], email: string): Promise<void> {
  await kysely.insertInto('users').values({ email, name: 'n', password_hash: 'x' }).execute()
}

async function emailsLike(pattern: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('users')
    .select('email')
    .where('email', 'like', pattern)
    .orderBy('email')
    .execute()
  return rows.map((row) => row.email)
}

describe('the embedded database (PGlite)', () => {
  it('is a PGlite database with the migrated schema', async () => {
    expect(db.kind).toBe('pglite')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from users`.execute(
      db.kysely,
    )
    expect(rows[0]?.n).toBe(0)
  })

  it('keeps a concurrent query out of a transaction that rolls back', async () => {
    const rolledBack = db.kysely.transaction().execute(async (trx) => {
      await insertUser(trx, 'inside@tx.test')
      await new Promise((resolve) => setTimeout(resolve, 50))
      throw new Error('roll back')
    })
    // Issued while the transaction holds PGlite's one session: it waits, then runs outside.
    const outside = insertUser(db.kysely, 'outside@tx.test')
    await expect(rolledBack).rejects.toThrow('roll back')
    await outside
    expect(await emailsLike('%@tx.test')).toEqual(['outside@tx.test'])
  })

  it('keeps concurrent transactions apart: one rolling back takes none of the others with it', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        db.kysely.transaction().execute(async (trx) => {
          await insertUser(trx, `${name}1@serial.test`)
          await new Promise((resolve) => setTimeout(resolve, 10))
          if (name === 'b') throw new Error('b rolls back')
          await insertUser(trx, `${name}2@serial.test`)
        }),
      ),
    )
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await emailsLike('%@serial.test')).toEqual([
      'a1@serial.test',
      'a2@serial.test',
      'c1@serial.test',
      'c2@serial.test',
    ])
  })

  it('applies the isolation level a transaction asks for', async () => {
    const level = await db.kysely
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        const { rows } = await sql<{
          transaction_isolation: string
        }>`show transaction_isolation`.execute(trx)
        return rows[0]?.transaction_isolation
      })
    expect(level).toBe('serializable')
  })

  it('refuses writes in a read-only transaction', async () => {
    const write = db.kysely
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => insertUser(trx, 'readonly@tx.test'))
    // 25006: read_only_sql_transaction
    await expect(write).rejects.toMatchObject({ code: '25006' })
    expect(await emailsLike('readonly@%')).toEqual([])
  })

  it('reports how many rows an insert, an update and a delete touched', async () => {
    const inserted = await db.kysely
      .insertInto('users')
      .values([
        { email: 'one@count.test', name: 'n', password_hash: 'x' },
        { email: 'two@count.test', name: 'n', password_hash: 'x' },
      ])
      .executeTakeFirst()
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n)

    const updated = await db.kysely
      .updateTable('users')
      .set({ name: 'm' })
      .where('email', 'like', '%@count.test')
      .executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(2n)

    const deleted = await db.kysely
      .deleteFrom('users')
      .where('email', '=', 'one@count.test')
      .executeTakeFirst()
    expect(deleted.numDeletedRows).toBe(1n)
  })

  it('reports a duplicate email as a unique violation on users_email_key', async () => {
    await insertUser(db.kysely, 'dup@unique.test')
    const error = await insertUser(db.kysely, 'DUP@unique.test').catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'users_email_key')).toBe(true)
    expect(isUniqueViolation(error, 'sessions_token_hash_key')).toBe(false)
  })

  it('refuses to stream a query, and stays usable afterwards', async () => {
    const rows: unknown[] = []
    const consume = async () => {
      for await (const row of db.kysely.selectFrom('users').selectAll().stream()) rows.push(row)
    }
    await expect(consume()).rejects.toThrow('streaming queries are not supported on PGlite')
    expect(rows).toEqual([])
    expect(await emailsLike('dup@unique.test')).toEqual(['dup@unique.test'])
  })
})

describe('closing the embedded database', () => {
  // Starts a database of its own, so it gets the hooks' time for that (a busy machine under
  // coverage has been seen to take over 20 s).
  it('is safe to do twice, and later queries fail instead of hanging', {
    timeout: 60_000,
  }, async () => {
    const other = createDb('memory://', { loadDataDir: await loadPgliteTemplate() })
    await other.kysely.selectFrom('users').select('id').execute()
    await other.close()
    await other.close()
    await expect(other.kysely.selectFrom('users').select('id').execute()).rejects.toThrow()
  })
})
