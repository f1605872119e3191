import { createHash } from 'node:crypto'
import { AppError } from '../../app-error'
import { decodeCursor, encodeCursor, type SortKey } from '../../shared/cursor'

/** What a page of notes is drawn from: whose notes, and through which filter. */
export interface ListScope {
  readonly userId: string
  readonly trashed: boolean
  readonly tag: string | undefined
  readonly search: string | undefined
}

/**
 * A short digest of the scope. A cursor only means something in the list it came from: fed to
 * another filter (or another user's list) its sort key would silently skip or repeat notes, so
 * it is refused instead.
 */
function scopeTag(scope: ListScope): string {
  const key = JSON.stringify([scope.userId, scope.trashed, scope.tag ?? null, scope.search ?? null])
  return createHash('sha256').update(key).digest('base64url').slice(0, 16)
}

/** The cursor after `key` (the last note's `[updated_at in microseconds, id]`) in this scope. */
export function encodeListCursor(scope: ListScope, key: SortKey): string {
  return `${scopeTag(scope)}.${encodeCursor(key)}`
}

/** The sort key in a cursor from `encodeListCursor` of the same scope; else 400 `INVALID_CURSOR`. */
export function decodeListCursor(scope: ListScope, cursor: string): SortKey {
  const dot = cursor.indexOf('.')
  if (dot < 0 || cursor.slice(0, dot) !== scopeTag(scope)) {
    throw new AppError(
      'INVALID_CURSOR',
      'The cursor belongs to another list; start from the first page',
    )
  }
  return decodeCursor(cursor.slice(dot + 1))
}
