import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDb, type Db } from '../create-db'
import { migrate } from '../migrate'
import { loadPgliteTemplate } from './pglite-template'

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new
 * PostgreSQL database on the server named by `TEST_DATABASE_URL`. `close()` drops it.
 *
 * @example
 * let db: Db
 * beforeAll(async () => { db = await createTestDb() })
 * afterAll(() => db.close())
 */
export async function createTestDb(): Promise<Db> {
  const serverUrl = process.env.TEST_DATABASE_URL
  return serverUrl ? createPostgresTestDb(serverUrl) : createPgliteTestDb()
}

async function createPgliteTestDb(): Promise<Db> {
  const db = createDb('memory://', { loadDataDir: await loadPgliteTemplate() })
  // Opening the first connection loads the data directory; do it now, not in the first test.
  await db.kysely.selectNoFrom((eb) => eb.lit(1).as('ready')).execute()
  return db
}

async function createPostgresTestDb(serverUrl: string): Promise<Db> {
  const name = `inkwell_test_${randomBytes(6).toString('hex')}`
  await adminQuery(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const db = createDb(url.toString(), { poolSize: 20 })
  await migrate(db.kysely)
  return {
    ...db,
    close: async () => {
      await db.close()
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
