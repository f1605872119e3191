import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect'
import type { PoolStats } from './pool-stats'
import type { Database } from './schema'

export type DbKind = 'postgres' | 'pglite'

/** A database handle: the typed query builder plus what kind of server is behind it. */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly kind: DbKind
  /** The pool now: connections open, idle, and callers waiting for one. Cheap; for metrics. */
  poolStats(): PoolStats
  /** The connection string, for PostgreSQL (what `LISTEN` connects with); unset for PGlite. */
  readonly url?: string
  /** Closes the pool (or the embedded database). Safe to call twice. */
  close(): Promise<void>
}

export interface CreateDbOptions {
  /** Folder for the embedded database when `url` is unset. Default `.data/pglite`. */
  readonly dataDir?: string
  /** Maximum pool size for PostgreSQL. Default 10. */
  readonly poolSize?: number
  /**
   * PostgreSQL cancels a statement that runs longer than this (`statement_timeout`), so a
   * runaway query cannot hold a connection and its locks for good. Unset or 0: no limit.
   * PGlite accepts the setting but cannot enforce it, so it is not set there.
   */
  readonly statementTimeoutMs?: number
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
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Sent with each connection's start-up: every session has it from its first statement.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  })
  // An idle client's error (the server restarting, say) must not crash the process.
  pool.on('error', () => {})
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    kysely,
    kind: 'postgres',
    url,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: once(() => kysely.destroy()),
  }
}

function createPgliteDb(dataDir: string | undefined, options: CreateDbOptions): Db {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  const dialect = new PGliteDialect(pglite)
  const kysely = new Kysely<Database>({ dialect })
  return {
    kysely,
    kind: 'pglite',
    poolStats: () => dialect.poolStats(),
    close: once(() => kysely.destroy()),
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= fn()
    return done
  }
}
