import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { ApiDeps } from '../../deps'
import { AppError } from '../../errors'
import { noteColumns } from './service'

const ZERO_UUID = '00000000-0000-0000-0000-000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** The largest value of PostgreSQL's `xid8`; a bigger one fails the cast (or wraps). */
const XID8_MAX = 2n ** 64n - 1n

/**
 * A short digest of the feed's owner. A cursor is a position in one user's feed: handed to
 * another account (a device that switched users) it would silently skip that user's older
 * changes, so it is refused and the client starts over.
 */
function ownerTag(userId: string): string {
  return createHash('sha256').update(`changes:${userId}`).digest('base64url').slice(0, 16)
}

/**
 * The sync cursor: the (transaction id, note id) of the last change handed out, and whose feed
 * it is. Opaque to clients; `c1.` versions it.
 */
function encodeChangeCursor(userId: string, xid: string, id: string): string {
  return `c1.${Buffer.from(JSON.stringify([xid, id, ownerTag(userId)])).toString('base64url')}`
}

function decodeChangeCursor(userId: string, cursor: string): [xid: string, id: string] {
  try {
    if (cursor.startsWith('c1.')) {
      const key: unknown = JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString('utf8'))
      if (
        Array.isArray(key) &&
        key.length === 3 &&
        typeof key[0] === 'string' &&
        /^\d{1,20}$/.test(key[0]) &&
        BigInt(key[0]) <= XID8_MAX &&
        typeof key[1] === 'string' &&
        UUID.test(key[1]) &&
        key[2] === ownerTag(userId)
      ) {
        return [key[0], key[1]]
      }
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'The sync cursor is not valid')
}

/**
 * Every note of the caller written after `since`, trashed ones included, oldest change first.
 *
 * Each write stamps the row with its transaction id (`change_xid`). A transaction can take its
 * id early and commit late, so ordering by id alone would let a reader pass over a change that
 * commits afterwards behind its cursor. The feed therefore only hands out changes of
 * transactions older than the snapshot's xmin: every transaction below it has finished, so
 * nothing can still appear behind the cursor. A change of a transaction still running is
 * delayed until it ends, never skipped.
 */
export async function listChanges(
  deps: ApiDeps,
  userId: string,
  input: { since?: string | undefined; limit: number },
) {
  const [sinceXid, sinceId] = input.since
    ? decodeChangeCursor(userId, input.since)
    : ['0', ZERO_UUID]
  const rows = await deps.db
    .selectFrom('notes')
    .select(noteColumns)
    .select(sql<string>`change_xid::text`.as('change_key'))
    .where('user_id', '=', userId)
    .where(sql<boolean>`(change_xid, id) > (${sinceXid}::xid8, ${sinceId}::uuid)`)
    .where(sql<boolean>`change_xid < pg_snapshot_xmin(pg_current_snapshot())`)
    .orderBy('change_xid')
    .orderBy('id')
    .limit(input.limit + 1)
    .execute()
  const hasMore = rows.length > input.limit
  const changes = hasMore ? rows.slice(0, input.limit) : rows
  const last = changes.at(-1)
  return {
    changes,
    cursor: last
      ? encodeChangeCursor(userId, last.change_key, last.id)
      : (input.since ?? encodeChangeCursor(userId, '0', ZERO_UUID)),
    hasMore,
  }
}
