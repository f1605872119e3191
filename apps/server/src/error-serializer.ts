/**
 * What an error logged as `err` keeps: what it is and where it happened, never the data it
 * was about. Database errors carry more (pg: `detail` with the row's values, `where`,
 * `internalQuery`; PGlite: `query`, `params`; Kysely: the query's `node`), and so may any
 * library's: everything not named here is dropped.
 */
const KEPT_FIELDS = [
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'severity',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
] as const

const MAX_DEPTH = 5

/** A logged error as it reaches the log line. */
export interface SerializedError {
  readonly type: string
  readonly message: string
  readonly stack?: string
  readonly cause?: unknown
  readonly errors?: readonly unknown[]
  readonly [field: string]: unknown
}

/**
 * The logger's `err` serializer: type, message, stack, code and the error's identifiers
 * (constraint, table, column…), with its `cause` and `errors` the same way; nothing else.
 * PostgreSQL quotes a rejected value in some messages (`invalid input syntax for type uuid:
 * "…"`, `value "…" is out of range`): that value is replaced by `[redacted]`.
 *
 * @example
 * pino({ serializers: { err: serializeError } })
 */
export function serializeError(err: unknown): unknown {
  return serialize(err, 0)
}

function serialize(err: unknown, depth: number): unknown {
  if (typeof err !== 'object' || err === null) return err
  if (depth >= MAX_DEPTH) return '[error nested too deep]'
  const source = err as Record<string, unknown>
  const rawMessage = typeof source.message === 'string' ? source.message : ''
  const message = withoutValues(rawMessage)
  const out: Record<string, unknown> = {
    type: err instanceof Error ? err.constructor.name : 'Object',
    message,
  }
  if (typeof source.name === 'string' && source.name !== out.type) out.name = source.name
  if (typeof source.stack === 'string') {
    out.stack = rawMessage ? source.stack.replace(rawMessage, message) : source.stack
  }
  for (const field of KEPT_FIELDS) {
    const value = source[field]
    if (typeof value === 'string' || typeof value === 'number') out[field] = value
  }
  if (source.cause !== undefined) out.cause = serialize(source.cause, depth + 1)
  if (Array.isArray(source.errors)) {
    out.errors = source.errors.map((inner) => serialize(inner, depth + 1))
  }
  return out as SerializedError
}

// PostgreSQL's messages that quote the value they refused, rather than an identifier.
const QUOTED_VALUES: readonly [RegExp, string][] = [
  [/: ".*"$/s, ': "[redacted]"'],
  [/\bvalue ".*" (is out of range|for )/s, 'value "[redacted]" $1'],
]

function withoutValues(message: string): string {
  return QUOTED_VALUES.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    message,
  )
}
