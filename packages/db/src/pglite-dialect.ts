import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { Mutex } from './mutex'
import type { PoolStats } from './pool-stats'

/**
 * Kysely on PGlite. PGlite has a single session, so the driver hands out its one connection
 * under a lock: a transaction keeps it from `begin` to `commit`/`rollback`, and no other
 * query can slip inside someone else's transaction.
 *
 * As with node-postgres, a query without parameters goes through the simple protocol, so a
 * script of several statements (`begin; …; commit`) runs in one call; a script that fails
 * inside a transaction of its own has it rolled back, so the session is never left in it.
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite
  // The dialect's, not the driver's: a Kysely makes one driver, and `poolStats` reads it.
  readonly #mutex = new Mutex()

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  /** The one session as a pool of one: in use while held, and who waits for it. */
  poolStats(): PoolStats {
    const inUse = this.#mutex.locked ? 1 : 0
    return { total: 1, idle: 1 - inUse, waiting: this.#mutex.waiting }
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, this.#mutex)
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite
  readonly #connection: PGliteConnection
  readonly #mutex: Mutex
  #release: (() => void) | undefined

  constructor(pglite: PGlite, mutex: Mutex) {
    this.#pglite = pglite
    this.#mutex = mutex
    this.#connection = new PGliteConnection(pglite)
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock()
    return this.#connection
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.#connection.inTransaction = true
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    const access = settings.accessMode ? ` ${settings.accessMode}` : ''
    await conn.executeQuery(CompiledQuery.raw(`start transaction${isolation}${access}`))
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    this.#connection.inTransaction = false
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    this.#connection.inTransaction = false
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  async destroy(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close()
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite
  /** True between Kysely's `begin` and its `commit`/`rollback`. */
  inTransaction = false

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affectedRows } =
      compiled.parameters.length > 0
        ? await this.#pglite.query<R>(compiled.sql, [...compiled.parameters])
        : await this.#runScript<R>(compiled.sql)
    const kind = compiled.query.kind
    const writes =
      kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode'
    return {
      rows,
      ...(writes && affectedRows !== undefined ? { numAffectedRows: BigInt(affectedRows) } : {}),
    }
  }

  /** One or more statements through the simple protocol: every statement's rows, in order. */
  async #runScript<R>(script: string): Promise<{ rows: R[]; affectedRows?: number | undefined }> {
    try {
      const results = await this.#pglite.exec(script)
      return {
        rows: results.flatMap((result) => result.rows as R[]),
        affectedRows: results.at(-1)?.affectedRows,
      }
    } catch (error) {
      // A script that began a transaction and failed inside it would leave the only session
      // in that aborted transaction, failing every later query: end it. Kysely's own
      // transaction is Kysely's to roll back.
      if (!this.inTransaction && this.#pglite.isInTransaction()) {
        await this.#pglite.query('rollback')
      }
      throw error
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; streaming is refused outright.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite')
  }
}
