import { createHash } from 'node:crypto'
import type { NoteRow } from '@inkwell/db'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { fitWithinBudget, withinBudget } from '../../shared/page-budget'
import type { ApiDeps } from '../../wiring/api-deps'
import { noteColumns, noteJsonBytes, noteJsonBytesAtMost } from './service'

const FEED_ORDER = sql`change_seq`
/** The largest `bigint`: a feed position past it fails the cast. */
const SEQ_MAX = 2n ** 63n - 1n

/**
 * A short digest of the feed's owner. A cursor is a position in one user's feed: handed to
 * another account (a device that switched users) it would silently skip that user's older
 * changes, so it is refused and the client starts over.
 */
function ownerTag(userId: string): string {
  return createHash('sha256').update(`changes:${userId}`).digest('base64url').slice(0, 16)
}

/**
 * The sync cursor: the position (in the owner's feed) of the last change handed out, and whose
 * feed it is. Opaque to clients; `c2.` versions it.
 */
export function encodeChangeCursor(userId: string, seq: string): string {
  return `c2.${Buffer.from(JSON.stringify([seq, ownerTag(userId)])).toString('base64url')}`
}

function cursorKey(cursor: string, version: string): unknown {
  return JSON.parse(Buffer.from(cursor.slice(version.length), 'base64url').toString('utf8'))
}

/**
 * The feed position in `cursor`. A cursor of the first form (`c1.`, ordered by transaction id)
 * of this user is 400 `CURSOR_EXPIRED` (the client syncs from scratch); anything else that is
 * not this user's cursor is 400 `INVALID_CURSOR`.
 */
export function decodeChangeCursor(userId: string, cursor: string): string {
  let key: unknown
  try {
    if (cursor.startsWith('c2.')) key = cursorKey(cursor, 'c2.')
    else if (cursor.startsWith('c1.')) key = cursorKey(cursor, 'c1.')
  } catch {
    // not JSON: invalid
  }
  if (Array.isArray(key)) {
    const owned = key.at(-1) === ownerTag(userId)
    if (cursor.startsWith('c1.') && key.length === 3 && owned) {
      throw new AppError('CURSOR_EXPIRED', 'The sync cursor is of an older form: sync again')
    }
    const [seq] = key
    if (
      cursor.startsWith('c2.') &&
      key.length === 2 &&
      owned &&
      typeof seq === 'string' &&
      /^\d{1,19}$/.test(seq) &&
      BigInt(seq) <= SEQ_MAX
    ) {
      return seq
    }
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
 * Each write stamps the row with the next position in its owner's feed (`change_seq`), and so
 * does a purge on its tombstone. The owner's feed row stays locked until the writing
 * transaction ends, so positions are handed out in commit order: a change still in flight
 * always lands after every position a reader has seen, and nothing can appear behind a cursor.
 * No one else's transactions, however long, hold the feed back. Notes and tombstones are read
 * in one statement, so they share a snapshot. A page stops early at 4 MiB of JSON (`hasMore`).
 * A `since` from before the pruned history, or ahead of the feed (a database restored from a
 * backup), is 400 `CURSOR_EXPIRED`.
 */
export async function listChanges(
  deps: ApiDeps,
  userId: string,
  input: { since?: string | undefined; limit: number },
) {
  const since = input.since ? decodeChangeCursor(userId, input.since) : '0'
  if (input.since) await assertWithinHistory(deps, userId, since)
  const take = input.limit + 1
  const feed = sql<FeedRow>`(
    select * from ((select * from (
      select 'note' as kind, ${sql.join(noteColumns.map((c) => sql.ref(c)))},
             change_seq::text as change_key
      from notes
      where user_id = ${userId} and change_seq > ${since}::bigint
      order by change_seq limit ${take}
    ) as changed)
    union all
    (select * from (
      select 'purged', note_id as id, user_id, null::text, null::text, null::text[], null::int,
             null::timestamptz, null::timestamptz, null::timestamptz, change_seq,
             change_seq::text as change_key
      from note_tombstones
      where user_id = ${userId} and change_seq > ${since}::bigint
      order by change_seq limit ${take}
    ) as purged)) as feed
    order by change_seq limit ${take}
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
      ? encodeChangeCursor(userId, last.change_key)
      : (input.since ?? encodeChangeCursor(userId, '0')),
    hasMore: rows.length > fit,
  }
}

/**
 * A cursor from before the owner's pruned tombstones may have missed a purge, and one past the
 * feed's head would skip the changes made up to it: either way, sync from scratch.
 */
async function assertWithinHistory(deps: ApiDeps, userId: string, since: string): Promise<void> {
  const feed = await deps.db
    .selectFrom('note_feeds')
    .select([sql<string>`head::text`.as('head'), sql<string>`pruned::text`.as('pruned')])
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const [head, pruned] = feed ? [BigInt(feed.head), BigInt(feed.pruned)] : [0n, 0n]
  if (BigInt(since) < pruned || BigInt(since) > head) {
    throw new AppError('CURSOR_EXPIRED', 'The sync cursor is outside the kept history')
  }
}
