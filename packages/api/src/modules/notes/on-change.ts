import { tracked } from '@trpc/server'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { type Auth, authenticate } from '../../context'
import type { ApiDeps } from '../../wiring/api-deps'
import { decodeChangeCursor, encodeChangeCursor } from './changes'

/** What each `notes.onChange` event carries; its id (for resuming) is the same cursor. */
export interface NotesChangedEvent {
  readonly cursor: string
}

/** The caller's committed feed head: the position of their newest change (0 for none). */
async function headOf(deps: Pick<ApiDeps, 'db'>, userId: string): Promise<bigint> {
  const feed = await deps.db
    .selectFrom('note_feeds')
    .select(sql<string>`head::text`.as('head'))
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return BigInt(feed?.head ?? '0')
}

/**
 * Where the caller's feed stands, as a cursor (an event's id): `notes.changes` from it hands
 * out nothing yet. A change still in flight always comes after it (see `listChanges`).
 */
export async function feedHead(deps: Pick<ApiDeps, 'db'>, userId: string): Promise<string> {
  return encodeChangeCursor(userId, String(await headOf(deps, userId)))
}

/** An event whose id and cursor are the caller's feed head. */
async function headEvent(deps: Pick<ApiDeps, 'db'>, userId: string) {
  const cursor = await feedHead(deps, userId)
  return tracked(cursor, { cursor } satisfies NotesChangedEvent)
}

/**
 * True when any of the caller's notes changed after `lastEventId` (a head from `feedHead`), or
 * when it is no position in this user's feed.
 */
async function changedSince(
  deps: Pick<ApiDeps, 'db'>,
  userId: string,
  lastEventId: string,
): Promise<boolean> {
  let since: string
  try {
    since = decodeChangeCursor(userId, lastEventId)
  } catch {
    return true
  }
  return (await headOf(deps, userId)) !== BigInt(since)
}

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
    if (!lastEventId || (await changedSince(deps, userId, lastEventId))) {
      yield await headEvent(deps, userId)
    }
    for (;;) {
      const wake = await stream.next(signal, deps.live.limits.recheckMs)
      if (wake === 'end') {
        if (signal?.aborted) return
        throw serverLeaving()
      }
      if (wake === 'recheck') {
        const still = await authenticate(deps, auth)
        if (!still || still.user.id !== userId) {
          throw new AppError('NOT_AUTHENTICATED', 'The session has ended: sign in again')
        }
        continue
      }
      yield await headEvent(deps, userId)
    }
  } finally {
    stream.close()
  }
}
