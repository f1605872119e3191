import { type RawBuilder, sql } from 'kysely'
import { AppError } from '../app-error'

/**
 * Keyset cursors: the sort key of the last row of a page (its timestamp in microseconds since
 * the epoch, and its id), opaque to clients as base64url JSON. Microseconds as an integer
 * survive the round trip exactly, whatever the database's DateStyle or time zone.
 */
export type SortKey = readonly [micros: string, id: string]

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Up to 2^53 (the year 2255): exact as a float8 factor of an interval, which the SQL uses.
const MICROS = /^\d{1,16}$/

/** Decodes a cursor from `encodeCursor`; anything else is 400 `INVALID_CURSOR`. */
export function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string' &&
      MICROS.test(key[0]) &&
      UUID.test(key[1])
    ) {
      return [key[0], key[1]]
    }
  } catch {
    // fall through: not base64url JSON
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is not valid here')
}

/** Selects `column` as microseconds since the epoch (text), the first half of a sort key. */
export function sortMicros(column: string): RawBuilder<string> {
  return sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`
}

/** `(column, id) < key`: the rows after `key` in (column desc, id desc) order. */
export function after(column: string, [micros, id]: SortKey): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)}, id) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${id}::uuid)`
}
