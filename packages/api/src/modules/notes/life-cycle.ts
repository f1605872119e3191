import { sql } from 'kysely'
import { AppError } from '../../app-error'
import type { ApiDeps } from '../../wiring/api-deps'

/** Trashed notes are deleted for good this long after trashing. */
export const TRASH_RETENTION_DAYS = 30
/** Tombstones (the ids of purged notes, for offline copies) are kept this long. */
export const TOMBSTONE_RETENTION_DAYS = 90

/**
 * Deletes one of the caller's trashed notes for good (a tombstone stays for the sync feed).
 * A live note is 409 `NOT_IN_TRASH`; anyone else's, or none, is 404.
 */
export async function purgeNote(deps: ApiDeps, userId: string, id: string): Promise<void> {
  const purged = await deps.db
    .deleteFrom('notes')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .returning('id')
    .executeTakeFirst()
  if (purged) {
    deps.live.notesChanged(userId)
    return
  }
  const live = await deps.db
    .selectFrom('notes')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (live) throw new AppError('NOT_IN_TRASH', 'Move the note to the trash first')
  throw new AppError('NOTE_NOT_FOUND', 'No such note')
}

/** Deletes every note in the caller's trash for good; how many went. */
export async function emptyTrash(deps: ApiDeps, userId: string): Promise<number> {
  const result = await deps.db
    .deleteFrom('notes')
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst()
  const count = Number(result.numDeletedRows)
  if (count > 0) deps.live.notesChanged(userId)
  return count
}

/**
 * Deletes, for every user, the notes trashed over 30 days ago; how many went. Each owner's
 * event streams hear of it once.
 */
export async function purgeOldTrash(deps: Pick<ApiDeps, 'db' | 'live'>): Promise<number> {
  const purged = await deps.db
    .deleteFrom('notes')
    .where('deleted_at', '<', sql<Date>`now() - make_interval(days => ${TRASH_RETENTION_DAYS})`)
    .returning('user_id')
    .execute()
  for (const userId of new Set(purged.map((row) => row.user_id))) deps.live.notesChanged(userId)
  return purged.length
}

/**
 * Drops tombstones older than 90 days, and moves the history horizon past them in the same
 * transaction: a sync cursor from before the horizon may have missed a purge, so it expires.
 */
export async function pruneTombstones(deps: Pick<ApiDeps, 'db'>): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const pruned = await trx
      .deleteFrom('note_tombstones')
      .where(
        'purged_at',
        '<',
        sql<Date>`now() - make_interval(days => ${TOMBSTONE_RETENTION_DAYS})`,
      )
      .returning(sql<string>`change_xid::text`.as('xid'))
      .execute()
    if (pruned.length === 0) return 0
    const newest = pruned.reduce((max, row) => (BigInt(row.xid) > BigInt(max) ? row.xid : max), '0')
    await trx
      .updateTable('note_history')
      .set({ pruned_xid: sql<string>`greatest(pruned_xid, ${newest}::xid8)` })
      .execute()
    return pruned.length
  })
}
