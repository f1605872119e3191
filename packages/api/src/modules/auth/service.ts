import {
  hashPassword,
  type IssuedSession,
  type Session,
  type SessionMeta,
  type SessionUser,
  verifyDummyPassword,
  verifyPassword,
} from '@inkwell/auth'
import { isUniqueViolation, type UserRow } from '@inkwell/db'
import { sql } from 'kysely'
import type { ApiDeps } from '../../deps'
import { AppError } from '../../errors'
import { assertPasswordAcceptable } from '../../shared/password-policy'
import { emailVerificationMail, passwordResetMail } from './mails'

export interface SignedIn {
  readonly user: UserRow
  readonly issued: IssuedSession
}

const MINUTE = 60_000

/** Creates an account and its first session, and mails a verification link. */
export async function register(
  deps: ApiDeps,
  input: { email: string; password: string; name: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  await deps.rateLimiter.consume({ key: `register:ip:${meta.ip}`, max: 5, windowMs: MINUTE })
  await assertPasswordAcceptable(input.password, 'password')
  const passwordHash = await hashPassword(input.password)
  let user: UserRow
  try {
    user = await deps.db
      .insertInto('users')
      .values({ email: input.email, name: input.name, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow()
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists')
    }
    throw error
  }
  const issued = await deps.sessions.create(user.id, meta)
  await sendVerification(deps, user.id, user.email)
  return { user, issued }
}

/**
 * Signs in with email and password. Every failure is the same 401 `INVALID_CREDENTIALS`, and
 * an unknown email costs the same argon2 time as a wrong password.
 */
export async function login(
  deps: ApiDeps,
  input: { email: string; password: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  await deps.rateLimiter.consume({ key: `login:ip:${meta.ip}`, max: 10, windowMs: MINUTE })
  await deps.rateLimiter.assertLoginAllowed(input.email)
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email))
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  const passwordOk = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyDummyPassword(input.password)
  if (!user || !passwordOk || user.disabled) {
    await deps.rateLimiter.recordLoginFailure(input.email)
    throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password')
  }
  await deps.rateLimiter.recordLoginSuccess(input.email)
  return { user, issued: await deps.sessions.create(user.id, meta) }
}

/** Ends the caller's session, if the request has one. */
export async function logout(
  deps: ApiDeps,
  current: Session | undefined,
  ip: string | null,
): Promise<void> {
  await deps.rateLimiter.consume({ key: `logout:ip:${ip}`, max: 20, windowMs: MINUTE })
  if (current) await deps.sessions.revoke(current.userId, current.id)
}

/** Gives the current session a new token; the old token dies at once. */
export async function refresh(
  deps: ApiDeps,
  current: { sessionId: string; token: string },
  ip: string | null,
): Promise<IssuedSession> {
  await deps.rateLimiter.consume({ key: `refresh:ip:${ip}`, max: 20, windowMs: MINUTE })
  const issued = await deps.sessions.rotate(current.sessionId, current.token)
  if (!issued) throw new AppError('NOT_AUTHENTICATED', 'The session has ended')
  return issued
}

/**
 * Mails a single-use reset link if a live account has this email. The caller learns nothing
 * either way: same answer, and the mail is sent in the background.
 */
export async function requestPasswordReset(
  deps: ApiDeps,
  email: string,
  ip: string | null,
): Promise<void> {
  await deps.rateLimiter.consume(
    { key: `reset-request:ip:${ip}`, max: 3, windowMs: MINUTE },
    { key: `reset-request:email:${email}`, max: 3, windowMs: MINUTE },
  )
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('deleted_at', 'is', null)
    .where('disabled', '=', false)
    .executeTakeFirst()
  if (!user) return
  const token = await deps.oneTimeTokens.issue('password_reset', user.id)
  deps.mailer.dispatch(passwordResetMail(user.email, deps.settings.publicUrl, token))
}

/** Sets a new password from a mailed token, and ends every session of the account. */
export async function resetPassword(
  deps: ApiDeps,
  input: { token: string; password: string },
  ip: string | null,
): Promise<void> {
  await deps.rateLimiter.consume({ key: `reset:ip:${ip}`, max: 3, windowMs: MINUTE })
  await assertPasswordAcceptable(input.password, 'password')
  const passwordHash = await hashPassword(input.password)
  const userId = await deps.db.transaction().execute(async (trx) => {
    const userId = await deps.oneTimeTokens.consume('password_reset', input.token, trx)
    const updated = userId
      ? await trx
          .updateTable('users')
          .set((eb) => ({
            password_hash: passwordHash,
            // The mail reached its owner: that proves the address too.
            email_verified_at: sql<Date>`coalesce(email_verified_at, now())`,
            updated_at: eb.fn('now'),
          }))
          .where('id', '=', userId)
          .where('deleted_at', 'is', null)
          .where('disabled', '=', false)
          .returning('id')
          .executeTakeFirst()
      : undefined
    if (!updated) throw new AppError('INVALID_TOKEN', 'This link is invalid or has expired')
    await trx.deleteFrom('sessions').where('user_id', '=', updated.id).execute()
    // Any other reset link mailed earlier dies with this one.
    await trx
      .updateTable('one_time_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('user_id', '=', updated.id)
      .where('kind', '=', 'password_reset')
      .where('used_at', 'is', null)
      .execute()
    return updated.id
  })
  deps.sessions.forgetUser(userId)
}

/** Mails a verification link, unless the address is verified already. */
export async function requestEmailVerification(deps: ApiDeps, user: SessionUser): Promise<void> {
  if (user.emailVerifiedAt) return
  await deps.rateLimiter.consume({
    key: `verify-request:user:${user.id}`,
    max: 3,
    windowMs: MINUTE,
  })
  await sendVerification(deps, user.id, user.email)
}

/** Marks the address of the token's user verified. */
export async function verifyEmail(deps: ApiDeps, token: string): Promise<UserRow> {
  const verified = await deps.db.transaction().execute(async (trx) => {
    const userId = await deps.oneTimeTokens.consume('email_verification', token, trx)
    const user = userId
      ? await trx
          .updateTable('users')
          .set({ email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
          .where('id', '=', userId)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst()
      : undefined
    if (!user) throw new AppError('INVALID_TOKEN', 'This link is invalid or has expired')
    return user
  })
  deps.sessions.forgetUser(verified.id)
  return verified
}

async function sendVerification(deps: ApiDeps, userId: string, email: string): Promise<void> {
  const token = await deps.oneTimeTokens.issue('email_verification', userId)
  deps.mailer.dispatch(emailVerificationMail(email, deps.settings.publicUrl, token))
}
