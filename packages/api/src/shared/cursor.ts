import { AppError } from '../errors'

/**
 * Keyset cursors: the sort key of the last row of a page, opaque to clients (base64url JSON).
 * The timestamp is kept as PostgreSQL's own text so microseconds survive the round trip.
 */
export function encodeCursor(key: readonly [timestamp: string, id: string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// PostgreSQL's timestamptz output, e.g. `2026-11-21 10:00:00.123456+00`.
const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?$/

/** Year, month, day, hour, minute, second, offset hours, offset minutes. */
type TimestampFields = [number, number, number, number, number, number, number, number]

/**
 * True when PostgreSQL will accept `text` as a timestamptz. The shape alone is not enough:
 * `2026-02-31` or an offset of `+99` would fail the cast in SQL, a 500 instead of a 400.
 */
function isValidPgTimestamp(text: string): boolean {
  const match = PG_TIMESTAMP.exec(text)
  if (!match) return false
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as TimestampFields
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59
  )
}

/** Decodes a cursor from `encodeCursor`; anything else is 400 `INVALID_CURSOR`. */
export function decodeCursor(cursor: string): [timestamp: string, id: string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string' &&
      isValidPgTimestamp(key[0]) &&
      UUID.test(key[1])
    ) {
      return [key[0], key[1]]
    }
  } catch {
    // fall through: not base64url JSON
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is not valid here')
}
