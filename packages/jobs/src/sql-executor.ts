import { CompiledQuery, type QueryResult } from 'kysely'

/** Runs raw SQL: a Kysely instance or a Kysely transaction. */
export interface SqlRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>
}

/** A Kysely instance: raw SQL, and one connection held for several statements. */
export interface SqlDatabase extends SqlRunner {
  connection(): { execute<T>(callback: (db: SqlRunner) => Promise<T>): Promise<T> }
}

/** pg-boss's database adapter: its `db` option, and the `db` of `send` in a transaction. */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/**
 * pg-boss over a Kysely transaction: a job sent through it is written by that transaction, so
 * it exists if and only if the transaction commits.
 */
export function transactionDb(trx: SqlRunner): PgBossDb {
  return {
    async executeSql(text, values = []) {
      const { rows } = await trx.executeQuery(CompiledQuery.raw(text, values))
      return { rows: [...rows] }
    },
  }
}

/** pg-boss's own statements, over the application's Kysely, and when they are all done. */
export interface TrackedDb extends PgBossDb {
  /** Resolves once no statement is running (checked until `timeoutMs`). */
  idle(timeoutMs: number): Promise<void>
}

/**
 * pg-boss over the application's Kysely (and so its pool, or PGlite's single session under the
 * dialect's lock). pg-boss sends scripts of several statements without parameters (schema
 * creation, maintenance: `begin; …; commit`): one that fails is rolled back on its own
 * connection, so it cannot hand an aborted transaction back to the pool.
 */
export function applicationDb(db: SqlDatabase): TrackedDb {
  let running = 0
  async function run(text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
    if (values.length > 0) {
      const { rows } = await db.executeQuery(CompiledQuery.raw(text, values))
      return { rows: [...rows] }
    }
    return db.connection().execute((conn) => connectionDb(conn).executeSql(text, values))
  }
  return {
    async executeSql(text, values = []) {
      running++
      try {
        return await run(text, values)
      } finally {
        running--
      }
    },
    async idle(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (running > 0 && Date.now() < deadline) await sleep(20)
    },
  }
}

/**
 * pg-boss over one connection outside a transaction: a script of several statements that
 * fails is rolled back, so the connection is not left in an aborted transaction.
 */
export function connectionDb(conn: SqlRunner): PgBossDb {
  return {
    async executeSql(text, values = []) {
      try {
        const { rows } = await conn.executeQuery(CompiledQuery.raw(text, values))
        return { rows: [...rows] }
      } catch (error) {
        if (values.length === 0)
          await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => {})
        throw error
      }
    },
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
