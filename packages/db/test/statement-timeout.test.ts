import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db, migrate } from '../src'
import { loadPgliteTemplate } from '../src/testing/pglite-template'

const serverUrl = process.env.TEST_DATABASE_URL

describe.runIf(serverUrl)('statementTimeoutMs on PostgreSQL', () => {
  const name = `inkwell_test_${randomBytes(6).toString('hex')}`
  let db: Db
  beforeAll(async () => {
    await adminQuery(`create database ${name}`)
    const url = new URL(serverUrl!)
    url.pathname = `/${name}`
    db = createDb(url.toString(), { poolSize: 2, statementTimeoutMs: 200 })
  })
  afterAll(async () => {
    await db?.close()
    await adminQuery(`drop database if exists ${name} with (force)`)
  })

  // Creates every table of the schema: give it the hooks' time, as for a database's start-up.
  it('lets migrations run past it', { timeout: 60_000 }, async () => {
    // 1 ms: creating tables, functions and indexes takes longer than that.
    const url = new URL(serverUrl!)
    url.pathname = `/${name}`
    const strict = createDb(url.toString(), { poolSize: 1, statementTimeoutMs: 1 })
    try {
      await expect(migrate(strict.kysely)).resolves.toBeDefined()
      // The connection migrate used, given back to the pool, has its limit again.
      await expect(sql`select pg_sleep(0.05)`.execute(strict.kysely)).rejects.toMatchObject({
        code: '57014',
      })
    } finally {
      await strict.close()
    }
  })

  it('cancels a statement that runs longer, on every pooled connection', async () => {
    const runs = await Promise.allSettled([
      sql`select pg_sleep(1)`.execute(db.kysely),
      sql`select pg_sleep(1)`.execute(db.kysely),
    ])
    for (const run of runs) {
      expect(run.status).toBe('rejected')
      expect((run as PromiseRejectedResult).reason).toMatchObject({ code: '57014' })
    }
    const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
      db.kysely,
    )
    expect(rows[0]?.statement_timeout).toBe('200ms')
  })
})

describe('statementTimeoutMs on PGlite', () => {
  // Starts a database of its own: the hooks' time, as for a database's start-up.
  it('is not set, since PGlite cannot enforce it', { timeout: 60_000 }, async () => {
    const db = createDb('memory://', {
      statementTimeoutMs: 200,
      loadDataDir: await loadPgliteTemplate(),
    })
    try {
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
        db.kysely,
      )
      expect(rows[0]?.statement_timeout).toBe('0')
    } finally {
      await db.close()
    }
  })
})

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
