import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect'
import type { Database } from './schema'

export type DbKind = 'postgres' | 'pglite'

/** A database handle: the typed query builder plus what kind of server is behind it. */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly kind: DbKind
  /** Closes the pool (or the embedded database). Safe to call twice. */
  close(): Promise<void>
}

export interface CreateDbOptions {
  /** Folder for the embedded database when `url` is unset. Default `.data/pglite`. */
  readonly dataDir?: string
  /** Maximum pool size for PostgreSQL. Default 10. */
  readonly poolSize?: number
  /** A migrated PGlite data directory to start from (tests use this to skip migrations). */
  readonly loadDataDir?: Blob
}

/**
 * Opens the database named by `url`:
 * - `postgres://…` (or `postgresql://…`): PostgreSQL through a `pg` pool;
 * - unset or empty: embedded PGlite persisted on disk under `dataDir`;
 * - `memory://`: embedded PGlite in memory, gone when the process ends.
 *
 * @example
 * const db = createDb(process.env.DATABASE_URL)
 * await migrate(db.kysely)
 */
export function createDb(url: string | undefined, options: CreateDbOptions = {}): Db {
  if (url && /^postgres(ql)?:\/\//.test(url)) return createPostgresDb(url, options)
  if (url && url !== 'memory://')
    throw new Error('DATABASE_URL must be postgres://…, memory:// or unset')
  return createPgliteDb(
    url === 'memory://' ? undefined : (options.dataDir ?? '.data/pglite'),
    options,
  )
}

function createPostgresDb(url: string, options: CreateDbOptions): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
  // An idle client's error (the server restarting, say) must not crash the process.
  pool.on('error', () => {})
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { kysely, kind: 'postgres', close: once(() => kysely.destroy()) }
}

function createPgliteDb(dataDir: string | undefined, options: CreateDbOptions): Db {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  return { kysely, kind: 'pglite', close: once(() => kysely.destroy()) }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= fn()
    return done
  }
}
