import { tracked } from '@trpc/server'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { type Auth, authenticate } from '../../context'
import type { ApiDeps } from '../../wiring/api-deps'
import { encodeChangeCursor } from './changes'

/** What each `notes.onChange` event carries; its id (for resuming) is the same cursor. */
export interface NotesChangedEvent {
  readonly cursor: string
}

/**
 * Where the caller's feed stands, as a cursor (an event's id): their newest committed change.
 * `notes.changes` from it hands out nothing yet; a change still in flight always comes after
 * it (see `listChanges`). The same position always encodes to the same cursor.
 */
async function feedHead(deps: Pick<ApiDeps, 'db'>, userId: string): Promise<string> {
  const feed = await deps.db
    .selectFrom('note_feeds')
    .select(sql<string>`head::text`.as('head'))
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return encodeChangeCursor(userId, feed?.head ?? '0')
}

/** An event whose id and cursor are `cursor`. */
function headEvent(cursor: string) {
  return tracked(cursor, { cursor } satisfies NotesChangedEvent)
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
    // Anything but the head itself (an older position, another user's cursor, an old form)
    // means the client has not heard of every change.
    const head = await feedHead(deps, userId)
    if (head !== lastEventId) yield headEvent(head)
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
      yield headEvent(await feedHead(deps, userId))
    }
  } finally {
    stream.close()
  }
}
