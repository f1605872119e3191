import { createDb, migrate } from '@inkwell/db'
import pg from 'pg'

/** A database made for one run, on the server named by the administrative URL. */
export interface RunDatabase {
  readonly name: string
  readonly url: string
  /** PostgreSQL's `version()`, for the report. */
  readonly serverVersion: string
  /** Drops the database (ending any connection still open to it). Safe to call twice. */
  drop(): Promise<void>
}

/**
 * Creates a fresh, empty database beside the one `adminUrl` points at and migrates it with the
 * server's own migrations, so the run never sees rows from an earlier one.
 *
 * @example
 * const database = await createRunDatabase('postgres://postgres@127.0.0.1:5432/postgres')
 * try { … } finally { await database.drop() }
 */
export async function createRunDatabase(adminUrl: string): Promise<RunDatabase> {
  const name = `inkwell_bench_${Date.now().toString(36)}_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  let serverVersion: string
  try {
    const { rows } = await admin.query<{ version: string }>('select version()')
    serverVersion = rows[0]?.version.split(' on ')[0] ?? 'unknown'
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`

  const db = createDb(url.toString(), { poolSize: 2 })
  try {
    await migrate(db.kysely)
  } finally {
    await db.close()
  }

  let dropped: Promise<void> | undefined
  return {
    name,
    url: url.toString(),
    serverVersion,
    drop() {
      dropped ??= (async () => {
        const client = new pg.Client({ connectionString: adminUrl })
        await client.connect()
        try {
          await client.query(`drop database if exists ${name} with (force)`)
        } finally {
          await client.end()
        }
      })()
      return dropped
    },
  }
}
