import {
  hashPassword,
  type IssuedSession,
  type Session,
  type SessionMeta,
  verifyPassword,
} from '@inkwell/auth'
import type { UserRow } from '@inkwell/db'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { sendPasswordChangedMail } from '../../shared/password-changed-notice'
import { assertPasswordAcceptable } from '../../shared/password-policy'
import type { ApiDeps } from '../../wiring/api-deps'
import { revokeAllApiTokens } from '../tokens/service'

/** Changes the caller's own profile. */
export async function updateProfile(
  deps: ApiDeps,
  userId: string,
  changes: { name?: string | undefined },
): Promise<UserRow> {
  const user = await deps.db
    .updateTable('users')
    .set((eb) => ({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      updated_at: eb.fn('now'),
    }))
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  if (!user) throw new AppError('NOT_AUTHENTICATED', 'The account is gone')
  deps.sessions.forgetUser(userId)
  return user
}

/**
 * Changes the password after checking the current one; every session of the account ends,
 * a fresh one is issued and the owner's notice is enqueued, in one transaction.
 */
export async function changePassword(
  deps: ApiDeps,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: SessionMeta,
): Promise<{ user: UserRow; issued: IssuedSession }> {
  // Someone holding a stolen session must not get to guess the password at leisure.
  await deps.rateLimiter.consume({
    key: `change-password:user:${userId}`,
    max: 5,
    windowMs: 60_000,
  })
  const current = await deps.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!current || !(await verifyPassword(current.password_hash, input.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 'The current password is wrong', {
      fieldErrors: { currentPassword: ['The current password is wrong'] },
    })
  }
  await assertPasswordAcceptable(input.newPassword, 'newPassword')
  const passwordHash = await hashPassword(input.newPassword)
  const changed = await deps.db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, updated_at: eb.fn('now') }))
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
    // A reset link mailed before the change would undo it: it dies with the old password.
    await trx
      .updateTable('one_time_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('kind', '=', 'password_reset')
      .where('used_at', 'is', null)
      .execute()
    // Tokens were made under the old password: they end with it, like the other sessions.
    await revokeAllApiTokens(trx, userId)
    const changedAt = new Date().toISOString()
    await deps.jobs.enqueue(trx, sendPasswordChangedMail, { userId, changedAt })
    const issued = await deps.sessions.withDb(trx).create(userId, meta)
    return { user, issued }
  })
  deps.sessions.forgetUser(userId)
  deps.securityLog.record('password.changed', { ip: meta.ip, actorId: userId })
  return changed
}

/** The caller's live sessions. */
export function listSessions(deps: ApiDeps, userId: string): Promise<Session[]> {
  return deps.sessions.list(userId)
}

/** Ends one of the caller's sessions; someone else's is 404 `SESSION_NOT_FOUND`. */
export async function revokeSession(
  deps: ApiDeps,
  caller: { userId: string; ip: string | null },
  sessionId: string,
): Promise<void> {
  if (!(await deps.sessions.revoke(caller.userId, sessionId))) {
    throw new AppError('SESSION_NOT_FOUND', 'No such session')
  }
  deps.securityLog.record('session.revoked', { ip: caller.ip, actorId: caller.userId, sessionId })
}

/** Ends every session of the caller but the current one. */
export async function revokeOtherSessions(
  deps: ApiDeps,
  caller: { userId: string; ip: string | null },
  currentSessionId: string,
): Promise<void> {
  await deps.sessions.revokeOthers(caller.userId, currentSessionId)
  deps.securityLog.record('sessions.revoked', {
    ip: caller.ip,
    actorId: caller.userId,
    kept: currentSessionId,
  })
}
