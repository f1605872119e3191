import { createHash } from 'node:crypto'
import type { NoteRow } from '@inkwell/db'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { fitWithinBudget, withinBudget } from '../../shared/page-budget'
import type { ApiDeps } from '../../wiring/api-deps'
import { noteColumns, noteJsonBytes, noteJsonBytesAtMost } from './service'

const FEED_ORDER = sql`change_xid, id`
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
export function encodeChangeCursor(userId: string, xid: string, id: string): string {
  return `c1.${Buffer.from(JSON.stringify([xid, id, ownerTag(userId)])).toString('base64url')}`
}

export function decodeChangeCursor(userId: string, cursor: string): [xid: string, id: string] {
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

/** One entry of the feed: a note as it is now, or the id of a note deleted for good. */
type FeedRow =
  | (NoteRow & { kind: 'note'; change_key: string })
  | { kind: 'purged'; id: string; change_key: string; title: null; content: null; tags: null }

/** A purged entry's size on the wire: its id in the `purged` list. */
function entryBytes(row: FeedRow): number {
  return row.kind === 'purged' ? row.id.length + 3 : noteJsonBytes(row)
}

/** At least `entryBytes`, from the lengths alone. */
function entryBytesAtMost(row: FeedRow): number {
  return row.kind === 'purged' ? row.id.length + 3 : noteJsonBytesAtMost(row)
}

/** The database's cheap estimate of an entry's size: never above the real one. */
const ENTRY_BYTES_ESTIMATE = sql<number>`coalesce(octet_length(title) + octet_length(content) + 150, 40)`

/**
 * Every note of the caller written after `since`, trashed ones included, and the ids of the
 * notes deleted for good since then, in one order (oldest change first).
 *
 * Each write stamps the row with its transaction id (`change_xid`), and so does a purge on its
 * tombstone. A transaction can take its id early and commit late, so ordering by id alone would
 * let a reader pass over a change that commits afterwards behind its cursor. The feed therefore
 * only hands out changes of transactions older than the snapshot's xmin: every transaction
 * below it has finished, so nothing can still appear behind the cursor. A change of a
 * transaction still running is delayed until it ends, never skipped. Notes and tombstones are
 * read in one statement, so they share that snapshot. A page stops early at 4 MiB of JSON
 * (`hasMore`). A `since` from before the pruned history is 400 `CURSOR_EXPIRED`.
 */
export async function listChanges(
  deps: ApiDeps,
  userId: string,
  input: { since?: string | undefined; limit: number },
) {
  const [sinceXid, sinceId] = input.since
    ? decodeChangeCursor(userId, input.since)
    : ['0', ZERO_UUID]
  if (input.since) await assertWithinHistory(deps, sinceXid)
  const take = input.limit + 1
  const feed = sql<FeedRow>`(
    select * from ((select * from (
      select 'note' as kind, ${sql.join(noteColumns.map((c) => sql.ref(c)))},
             change_xid::text as change_key
      from notes
      where user_id = ${userId}
        and (change_xid, id) > (${sinceXid}::xid8, ${sinceId}::uuid)
        and change_xid < pg_snapshot_xmin(pg_current_snapshot())
      order by change_xid, id limit ${take}
    ) as changed)
    union all
    (select * from (
      select 'purged', note_id as id, user_id, null::text, null::text, null::text[], null::int,
             null::timestamptz, null::timestamptz, null::timestamptz, change_xid,
             change_xid::text as change_key
      from note_tombstones
      where user_id = ${userId}
        and (change_xid, note_id) > (${sinceXid}::xid8, ${sinceId}::uuid)
        and change_xid < pg_snapshot_xmin(pg_current_snapshot())
      order by change_xid, id limit ${take}
    ) as purged)) as feed
    order by change_xid, id limit ${take}
  )`
  const { rows } = await withinBudget(feed, FEED_ORDER, ENTRY_BYTES_ESTIMATE).execute(deps.db)
  const capped = rows.slice(0, input.limit)
  const fit = fitWithinBudget(capped, entryBytes, undefined, entryBytesAtMost)
  const entries = capped.slice(0, fit)
  const last = entries.at(-1)
  // An id purged and then made again (a client-made id) can show up twice: the later one wins.
  const latest = new Map(entries.map((row) => [row.id, row]))
  const current = entries.filter((row) => latest.get(row.id) === row)
  return {
    changes: current.filter((row) => row.kind === 'note'),
    purged: current.filter((row) => row.kind === 'purged').map((row) => row.id),
    cursor: last
      ? encodeChangeCursor(userId, last.change_key, last.id)
      : (input.since ?? encodeChangeCursor(userId, '0', ZERO_UUID)),
    hasMore: rows.length > fit,
  }
}

/** A cursor from before the pruned tombstones may have missed a purge: sync from scratch. */
async function assertWithinHistory(deps: ApiDeps, sinceXid: string): Promise<void> {
  const history = await deps.db
    .selectFrom('note_history')
    .select(sql<string>`pruned_xid::text`.as('pruned'))
    .executeTakeFirst()
  if (history && BigInt(sinceXid) < BigInt(history.pruned)) {
    throw new AppError('CURSOR_EXPIRED', 'The sync cursor is older than the kept history')
  }
}
