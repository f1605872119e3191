import type { CompiledQuery, Kysely, QueryExecutorProvider } from 'kysely'

/** Stands for a parameter while the query is built; replaced by its value on each run. */
class Slot {
  constructor(readonly name: string) {}
}

/** What `build` returns: a Kysely query builder, or a `sql` template (both compile on `db`). */
interface CompilableOn<Row> {
  compile(executorProvider: QueryExecutorProvider): CompiledQuery<Row>
}

/**
 * A hot query built and compiled by Kysely once per database, then run with each call's
 * values: Kysely otherwise rebuilds its immutable tree and compiles it on every call, a tenth
 * of `notes.list`'s CPU. `build` receives `params`, stand-ins for the values, and must pass
 * each one straight into the query as a value (never compute with it: that fails loudly on
 * first use). The SQL text is fixed, so build one query per shape (a filter present or not).
 *
 * @example
 * const byId = preparedQuery<{ id: string }, NoteRow>((db, p) =>
 *   db.selectFrom('notes').selectAll().where('id', '=', p.id))
 * const rows = await byId(deps.db, { id })
 */
export function preparedQuery<Params extends Record<string, unknown>, Row, DB>(
  build: (db: Kysely<DB>, params: Params) => CompilableOn<Row>,
): (db: Kysely<DB>, params: Params) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<Row>>()
  return async (db, params) => {
    let query = compiled.get(db)
    if (!query) {
      query = compile(db, build)
      compiled.set(db, query)
    }
    const parameters = query.parameters.map((value) =>
      value instanceof Slot ? params[value.name] : value,
    )
    const { rows } = await db.executeQuery<Row>({ ...query, parameters })
    return rows
  }
}

function compile<Params extends Record<string, unknown>, Row, DB>(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, params: Params) => CompilableOn<Row>,
): CompiledQuery<Row> {
  const used = new Set<string>()
  const slots = new Proxy({} as Params, {
    get(_, name) {
      if (typeof name !== 'string') return undefined
      used.add(name)
      return new Slot(name)
    },
  })
  const query = build(db, slots).compile(db)
  const bound = new Set(
    query.parameters.filter((value) => value instanceof Slot).map((slot) => slot.name),
  )
  const lost = [...used].filter((name) => !bound.has(name))
  if (lost.length > 0) {
    throw new Error(`preparedQuery: ${lost.join(', ')} did not reach the query as values`)
  }
  return query
}
