import type { Role, UserRow } from '@inkwell/db'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { after, decodeCursor, encodeCursor, sortMicros } from '../../shared/cursor'
import type { ApiDeps } from '../../wiring/api-deps'
import { revokeAllApiTokens } from '../tokens/service'
import { forgetAvatar } from '../users/avatars'

export interface UserPage {
  readonly items: UserRow[]
  readonly nextCursor: string | null
}

/** Every account, deleted ones included, newest first; `search` matches email or name. */
export async function listUsers(
  deps: ApiDeps,
  input: { cursor?: string | undefined; limit: number; search?: string | undefined },
): Promise<UserPage> {
  let query = deps.db
    .selectFrom('users')
    .selectAll()
    .select(sortMicros('created_at').as('created_at_key'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
  if (input.search) {
    const pattern = `%${input.search.replace(/[\\%_]/g, '\\$&')}%`
    query = query.where((eb) =>
      eb.or([eb('email', 'ilike', pattern), eb('name', 'ilike', pattern)]),
    )
  }
  if (input.cursor) {
    query = query.where(after('created_at', decodeCursor(input.cursor)))
  }
  const rows = await query.execute()
  const more = rows.length > input.limit
  const items = more ? rows.slice(0, input.limit) : rows
  const last = items.at(-1)
  return { items, nextCursor: more && last ? encodeCursor([last.created_at_key, last.id]) : null }
}

/** One account by id, deleted or not; 404 `USER_NOT_FOUND` if there is none. */
export async function getUser(deps: ApiDeps, id: string): Promise<UserRow> {
  const user = await deps.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  if (!user) throw new AppError('USER_NOT_FOUND', 'No such user')
  return user
}

/**
 * Changes an account. Disabling it ends its sessions in the same transaction. An admin cannot
 * demote or disable itself (so there is always someone left to undo a mistake).
 */
export async function updateUser(
  deps: ApiDeps,
  actor: { id: string; ip: string | null },
  input: {
    id: string
    name?: string | undefined
    role?: Role | undefined
    disabled?: boolean | undefined
  },
): Promise<UserRow> {
  if (input.id === actor.id && (input.role === 'user' || input.disabled === true)) {
    throw new AppError('CANNOT_CHANGE_SELF', 'You cannot demote or disable your own account')
  }
  const updated = await deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set((eb) => ({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        updated_at: eb.fn('now'),
      }))
      .where('id', '=', input.id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (!user) throw new AppError('USER_NOT_FOUND', 'No such user')
    if (user.disabled) {
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
      // Deleted, not just refused while disabled: enabling the account again revives none.
      await revokeAllApiTokens(trx, user.id)
    }
    return user
  })
  // Cached sessions carry the user's name and role: forget them on every instance.
  deps.sessions.forgetUser(updated.id)
  deps.securityLog.record('admin.user.updated', {
    ip: actor.ip,
    actorId: actor.id,
    targetId: updated.id,
    changes: {
      ...(input.name !== undefined ? { name: true } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    },
  })
  return updated
}

/**
 * Soft-deletes an account, ends its sessions and API tokens and drops its avatar; its email
 * stays taken.
 */
export async function deleteUser(
  deps: ApiDeps,
  actor: { id: string; ip: string | null },
  id: string,
): Promise<void> {
  if (id === actor.id)
    throw new AppError('CANNOT_CHANGE_SELF', 'You cannot delete your own account')
  await deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set((eb) => ({
        deleted_at: sql<Date>`coalesce(deleted_at, now())`,
        updated_at: eb.fn('now'),
      }))
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
    if (!user) throw new AppError('USER_NOT_FOUND', 'No such user')
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute()
    await revokeAllApiTokens(trx, id)
    await forgetAvatar(trx, id)
  })
  deps.sessions.forgetUser(id)
  deps.securityLog.record('admin.user.deleted', { ip: actor.ip, actorId: actor.id, targetId: id })
}
