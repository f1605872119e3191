import { hashPassword, verifyPassword } from '@inkwell/auth'
import { isUniqueViolation } from '@inkwell/db'
import type { ApiDeps } from '../../wiring/api-deps'

export type FirstAdminResult = 'created' | 'promoted' | 'exists'

/**
 * Why the configured first admin cannot be made: the server must not start (exit code 1),
 * and the message says what to change.
 */
export class FirstAdminError extends Error {
  constructor(email: string, reason: string) {
    super(`Cannot make ${email} the first admin (FIRST_ADMIN_EMAIL): ${reason}`)
    this.name = 'FirstAdminError'
  }
}

/**
 * Makes sure a live (neither disabled nor deleted) admin exists. When none does:
 * - a free email gets a new admin account with FIRST_ADMIN_PASSWORD;
 * - an existing account is promoted only if its email is verified and FIRST_ADMIN_PASSWORD
 *   is its password (whoever registered the address first must not become admin by being
 *   first). Its sessions end, and `admin.promoted` is recorded;
 * - anything else throws FirstAdminError.
 * Run at start-up; safe when several instances start at once.
 *
 * @example
 * await ensureFirstAdmin(deps, { email: config.FIRST_ADMIN_EMAIL, password: config.FIRST_ADMIN_PASSWORD })
 */
export async function ensureFirstAdmin(
  deps: Pick<ApiDeps, 'db' | 'sessions' | 'securityLog'>,
  credentials: { email: string; password: string },
): Promise<FirstAdminResult> {
  const email = credentials.email.trim().toLowerCase()
  if (await liveAdminExists(deps)) return 'exists'
  if (await createAdmin(deps, email, credentials.password)) return 'created'
  // Another instance may have created it between our read and our write.
  if (await liveAdminExists(deps)) return 'exists'
  return promote(deps, email, credentials.password)
}

/** Inserts the admin account; false when the email is taken. */
async function createAdmin(
  deps: Pick<ApiDeps, 'db'>,
  email: string,
  password: string,
): Promise<boolean> {
  const taken = await deps.db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst()
  if (taken) return false
  try {
    await deps.db
      .insertInto('users')
      .values({ email, name: 'Admin', role: 'admin', password_hash: await hashPassword(password) })
      .execute()
    return true
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) return false
    throw error
  }
}

/** Promotes the existing account of `email`, if it qualifies; throws FirstAdminError if not. */
async function promote(
  deps: Pick<ApiDeps, 'db' | 'sessions' | 'securityLog'>,
  email: string,
  password: string,
): Promise<FirstAdminResult> {
  const account = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'email_verified_at', 'disabled', 'deleted_at'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirstOrThrow()
  const refuse = (reason: string) => new FirstAdminError(email, reason)
  if (account.deleted_at) throw refuse('the email belongs to a deleted account: choose another')
  if (account.disabled) throw refuse('the email belongs to a disabled account: choose another')
  if (!account.email_verified_at) {
    throw refuse(
      'an account with this email exists, but its email is not verified: verify it, or choose another email',
    )
  }
  if (!(await verifyPassword(account.password_hash, password))) {
    throw refuse(
      'an account with this email exists, and FIRST_ADMIN_PASSWORD is not its password: set the account password, or choose another email',
    )
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ role: 'admin' }).where('id', '=', account.id).execute()
    // Whoever holds a session of it now holds an admin's: those sessions end.
    await trx.deleteFrom('sessions').where('user_id', '=', account.id).execute()
  })
  deps.sessions.forgetUser(account.id)
  deps.securityLog.record('admin.promoted', {
    ip: null,
    targetId: account.id,
    email,
    by: 'FIRST_ADMIN_EMAIL',
  })
  return 'promoted'
}

/** True when an admin that can sign in exists: not deleted, not disabled. */
async function liveAdminExists(deps: Pick<ApiDeps, 'db'>): Promise<boolean> {
  const admin = await deps.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .where('disabled', '=', false)
    .executeTakeFirst()
  return admin !== undefined
}
