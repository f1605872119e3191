import { hashPassword } from '@inkwell/auth'
import { isUniqueViolation, type Role, type UserRow } from '@inkwell/db'
import { sql } from 'kysely'
import type { ApiDeps } from '../../deps'
import { AppError } from '../../errors'
import { after, decodeCursor, encodeCursor, sortMicros } from '../../shared/cursor'

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
  actorId: string,
  input: {
    id: string
    name?: string | undefined
    role?: Role | undefined
    disabled?: boolean | undefined
  },
): Promise<UserRow> {
  if (input.id === actorId && (input.role === 'user' || input.disabled === true)) {
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
    if (user.disabled) await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute()
    return user
  })
  // Cached sessions carry the user's name and role: forget them on every instance.
  deps.sessions.forgetUser(updated.id)
  return updated
}

/** Soft-deletes an account and ends its sessions; its email stays taken. */
export async function deleteUser(deps: ApiDeps, actorId: string, id: string): Promise<void> {
  if (id === actorId) throw new AppError('CANNOT_CHANGE_SELF', 'You cannot delete your own account')
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
  })
  deps.sessions.forgetUser(id)
}

export type FirstAdminResult = 'created' | 'promoted' | 'exists'

/**
 * Makes sure an admin exists: when none does, creates one with these credentials (or promotes
 * the account that already has this email). Run at start-up; safe when several instances
 * start at once.
 */
export async function ensureFirstAdmin(
  deps: Pick<ApiDeps, 'db'>,
  credentials: { email: string; password: string },
): Promise<FirstAdminResult> {
  const email = credentials.email.trim().toLowerCase()
  if (await adminExists(deps)) return 'exists'
  const promoted = await deps.db
    .updateTable('users')
    .set({ role: 'admin' })
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  if (promoted) return 'promoted'
  try {
    await deps.db
      .insertInto('users')
      .values({
        email,
        name: 'Admin',
        role: 'admin',
        password_hash: await hashPassword(credentials.password),
      })
      .execute()
    return 'created'
  } catch (error) {
    if (!isUniqueViolation(error, 'users_email_key')) throw error
    // Another instance created it between our read and our write.
    if (await adminExists(deps)) return 'exists'
    // The email belongs to a deleted account, which keeps it: there is still no admin.
    throw new Error(`The first admin's email belongs to a deleted account: choose another`)
  }
}

async function adminExists(deps: Pick<ApiDeps, 'db'>): Promise<boolean> {
  const admin = await deps.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return admin !== undefined
}
