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
 * Drops tombstones older than 90 days, and moves each owner's history horizon past theirs in
 * the same statement: a sync cursor from before the horizon may have missed a purge, so it
 * expires.
 */
export async function pruneTombstones(deps: Pick<ApiDeps, 'db'>): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    with pruned as (
      delete from note_tombstones
      where purged_at < now() - make_interval(days => ${TOMBSTONE_RETENTION_DAYS})
      returning user_id, change_seq
    ), horizons as (
      select user_id, max(change_seq) as seq from pruned group by user_id
    ), moved as (
      update note_feeds set pruned = greatest(pruned, horizons.seq)
      from horizons where note_feeds.user_id = horizons.user_id
    )
    select count(*)::int as count from pruned`.execute(deps.db)
  return rows[0]?.count ?? 0
}
