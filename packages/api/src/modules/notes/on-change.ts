import { tracked } from '@trpc/server'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { type Auth, authenticate } from '../../context'
import type { ApiDeps } from '../../wiring/api-deps'
import { decodeChangeCursor, encodeChangeCursor } from './changes'

const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

/** What each `notes.onChange` event carries; its id (for resuming) is the same cursor. */
export interface NotesChangedEvent {
  readonly cursor: string
}

/**
 * Where the caller's feed stands: the (transaction id, note id) of the newest change that
 * `notes.changes` can hand out now, as a cursor: an event's id. Only changes of finished
 * transactions count (below the snapshot's xmin, as in the feed), so a change still in flight
 * always comes after it. While some long transaction holds the xmin back, the head stays put
 * and two events may share an id.
 */
export async function feedHead(deps: Pick<ApiDeps, 'db'>, userId: string): Promise<string> {
  const { rows } = await sql<{ xid: string; id: string }>`
    select xid, id from (
      (select change_xid::text as xid, change_xid as key, id from notes
        where user_id = ${userId} and change_xid < pg_snapshot_xmin(pg_current_snapshot())
        order by change_xid desc, id desc limit 1)
      union all
      (select change_xid::text as xid, change_xid as key, note_id as id from note_tombstones
        where user_id = ${userId} and change_xid < pg_snapshot_xmin(pg_current_snapshot())
        order by change_xid desc, note_id desc limit 1)
    ) as heads
    order by key desc, id desc limit 1`.execute(deps.db)
  const head = rows[0]
  return encodeChangeCursor(userId, head?.xid ?? '0', head?.id ?? ZERO_UUID)
}

/**
 * True when any of the caller's notes changed after `lastEventId` (a head from `feedHead`), or
 * when it is no position in this user's feed. Unlike the head, this counts every committed
 * change: one that was still in flight when that head was taken lies after it, so a client
 * that resumes from it hears of every change it has not been told about.
 */
async function changedSince(
  deps: Pick<ApiDeps, 'db'>,
  userId: string,
  lastEventId: string,
): Promise<boolean> {
  let xid: string
  let id: string
  try {
    ;[xid, id] = decodeChangeCursor(userId, lastEventId)
  } catch {
    return true
  }
  const { rows } = await sql<{ changed: boolean }>`
    select exists (
      select 1 from notes
      where user_id = ${userId} and (change_xid, id) > (${xid}::xid8, ${id}::uuid)
    ) or exists (
      select 1 from note_tombstones
      where user_id = ${userId} and (change_xid, note_id) > (${xid}::xid8, ${id}::uuid)
    ) as changed`.execute(deps.db)
  return rows[0]?.changed ?? true
}

/** How long a stream waits before each look past a held-back change: about 30 s in all. */
const GATE_LOOKS_MS = [250, 500, 1000, 2000, 3000, 5000, 5000, 5000, 5000] as const

/** A stream ended by the server going away: the client reconnects, elsewhere. */
function serverLeaving(): Error {
  // tRPC ends the response without a `return` event for an AbortError, so the client's
  // EventSource reconnects (with its last event id) instead of completing.
  return new DOMException('The server is shutting down', 'AbortError')
}

/**
 * The events of one `notes.onChange` stream: one at once when anything changed after
 * `lastEventId` (or none was given), then one whenever the caller's notes change on any
 * instance, with the feed's position as the event id. A burst of changes while the client
 * reads is one event. The stream rechecks its credential when one of the user's sessions is
 * revoked (and every `recheckMs`) and ends with 401 `NOT_AUTHENTICATED` once it no longer
 * holds; it ends without an error (the client reconnects) when the server shuts down.
 */
export async function* noteChangeEvents(
  deps: ApiDeps,
  auth: Auth,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  const userId = auth.user.id
  const stream = deps.live.open(userId, auth.kind === 'session' ? auth.session.id : null)
  try {
    if (stream.ended) throw serverLeaving()
    let cursor: string = lastEventId ?? ''
    if (!lastEventId || (await changedSince(deps, userId, lastEventId))) {
      cursor = await feedHead(deps, userId)
      yield tracked(cursor, { cursor } satisfies NotesChangedEvent)
    }
    let gateLooks = 0
    for (;;) {
      // The feed holds back changes that committed behind a transaction still running (its
      // xmin gate): an event may come before its change can be pulled. While some committed
      // change lies beyond the last event, look again soon (for about 30 s) and send a new
      // event once the head has moved, so the client need not wait for its periodic sync.
      const held = gateLooks < GATE_LOOKS_MS.length && (await changedSince(deps, userId, cursor))
      const waitMs = held ? (GATE_LOOKS_MS[gateLooks++] as number) : deps.live.limits.recheckMs
      if (!held) gateLooks = 0
      const wake = await stream.next(signal, waitMs)
      if (wake === 'end') {
        if (signal?.aborted) return
        throw serverLeaving()
      }
      if (wake === 'recheck') {
        const still = await authenticate(deps, auth)
        if (!still || still.user.id !== userId) {
          throw new AppError('NOT_AUTHENTICATED', 'The session has ended: sign in again')
        }
        if (!held) continue
        const head = await feedHead(deps, userId)
        if (head === cursor) continue
        cursor = head
        yield tracked(cursor, { cursor } satisfies NotesChangedEvent)
        continue
      }
      gateLooks = 0
      cursor = await feedHead(deps, userId)
      yield tracked(cursor, { cursor } satisfies NotesChangedEvent)
    }
  } finally {
    stream.close()
  }
}
