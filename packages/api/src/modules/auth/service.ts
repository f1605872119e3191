import {
  hashPassword,
  type IssuedSession,
  passwordHashing,
  type Session,
  type SessionUser,
  verifyDummyPassword,
  verifyPassword,
} from '@inkwell/auth'
import { isUniqueViolation, type UserRow } from '@inkwell/db'
import { sql } from 'kysely'
import { AppError } from '../../app-error'
import { type LoginAttempt, LoginLockedError } from '../../rate-limit'
import type { SignInMeta } from '../../shared/issued'
import { sendPasswordChangedMail } from '../../shared/password-changed-notice'
import { assertPasswordAcceptable } from '../../shared/password-policy'
import type { ApiDeps } from '../../wiring/api-deps'
import { revokeAllApiTokens } from '../tokens/service'
import { sendPasswordResetMail, sendVerificationMail } from './jobs'

export interface SignedIn {
  readonly user: UserRow
  readonly issued: IssuedSession
}

const MINUTE = 60_000

/** Creates an account and its first session, and enqueues its verification mail. */
export async function register(
  deps: ApiDeps,
  input: { email: string; password: string; name: string },
  meta: SignInMeta,
): Promise<SignedIn> {
  await deps.rateLimiter.consume({ key: `register:ip:${meta.ipKey}`, max: 5, windowMs: MINUTE })
  await assertPasswordAcceptable(input.password, 'password')
  const passwordHash = await hashPassword(input.password)
  let user: UserRow
  try {
    user = await deps.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('users')
        .values({ email: input.email, name: input.name, password_hash: passwordHash })
        .returningAll()
        .executeTakeFirstOrThrow()
      await deps.jobs.enqueue(trx, sendVerificationMail, { userId: created.id })
      return created
    })
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists')
    }
    throw error
  }
  const issued = await deps.sessions.create(user.id, meta)
  return { user, issued }
}

/**
 * Signs in with email and password. Every failure is the same 401 `INVALID_CREDENTIALS`, and
 * an unknown email costs the same argon2 time as a wrong password. The attempt is counted
 * before the password is checked, so parallel guesses cannot race the account's lock.
 */
export async function login(
  deps: ApiDeps,
  input: { email: string; password: string },
  meta: SignInMeta,
): Promise<SignedIn> {
  await deps.rateLimiter.consume({ key: `login:ip:${meta.ipKey}`, max: 10, windowMs: MINUTE })
  // Shed load before counting: a refusal for want of capacity must not cost the account an attempt.
  passwordHashing.assertRoom()
  const { attempt, lockSeconds } = await admitLoginAttempt(deps, input.email, meta.ip)
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
    const event = { ip: meta.ip, targetId: user?.id, email: input.email, attempt }
    const reason = !user ? 'unknown-email' : !passwordOk ? 'wrong-password' : 'disabled'
    deps.securityLog.record('login.failed', { ...event, reason })
    if (lockSeconds > 0) {
      deps.securityLog.record('login.locked', { ...event, retryAfterSeconds: lockSeconds })
    }
    throw new AppError('INVALID_CREDENTIALS', 'Wrong email or password')
  }
  await deps.rateLimiter.recordLoginSuccess(input.email)
  return { user, issued: await deps.sessions.create(user.id, meta) }
}

/** Counts the attempt against the account's lock; a refusal is recorded as `login.locked`. */
async function admitLoginAttempt(
  deps: ApiDeps,
  email: string,
  ip: string | null,
): Promise<LoginAttempt> {
  try {
    return await deps.rateLimiter.admitLoginAttempt(email)
  } catch (error) {
    if (error instanceof LoginLockedError) {
      deps.securityLog.record('login.locked', {
        ip,
        email,
        attempt: error.attempt,
        retryAfterSeconds: error.retryAfterSeconds,
        refused: true,
      })
    }
    throw error
  }
}

/**
 * Ends the caller's session, if the request has one. Never rate-limited: signing out must
 * always work (and costs one indexed delete).
 */
export async function logout(
  deps: ApiDeps,
  current: Session | undefined,
  ip: string | null,
): Promise<void> {
  if (!current) return
  await deps.sessions.revoke(current.userId, current.id)
  deps.securityLog.record('session.revoked', {
    ip,
    actorId: current.userId,
    sessionId: current.id,
    reason: 'logout',
  })
}

/** Gives the current session a new token; the old token dies at once. */
export async function refresh(
  deps: ApiDeps,
  current: { sessionId: string; token: string },
  ipKey: string | null,
): Promise<IssuedSession> {
  await deps.rateLimiter.consume({ key: `refresh:ip:${ipKey}`, max: 20, windowMs: MINUTE })
  const issued = await deps.sessions.rotate(current.sessionId, current.token)
  if (!issued) throw new AppError('NOT_AUTHENTICATED', 'The session has ended')
  return issued
}

/**
 * Mails a single-use reset link if a live account has this email. The caller learns nothing
 * either way: same answer, and the same work for any address (one job enqueued), since the
 * job, not the request, looks the address up.
 */
export async function requestPasswordReset(
  deps: ApiDeps,
  email: string,
  ipKey: string | null,
): Promise<void> {
  await deps.rateLimiter.consume(
    { key: `reset-request:ip:${ipKey}`, max: 3, windowMs: MINUTE },
    { key: `reset-request:email:${email}`, max: 3, windowMs: MINUTE },
  )
  await deps.jobs.enqueue(deps.db, sendPasswordResetMail, { email })
}

/**
 * Sets a new password from a mailed token, and ends every session of the account. The token
 * is checked before anything is hashed, so a junk token costs no argon2 time.
 */
export async function resetPassword(
  deps: ApiDeps,
  input: { token: string; password: string },
  client: { ip: string | null; ipKey: string | null },
): Promise<void> {
  await deps.rateLimiter.consume({ key: `reset:ip:${client.ipKey}`, max: 3, windowMs: MINUTE })
  if (!(await deps.oneTimeTokens.check('password_reset', input.token))) throw invalidToken()
  await assertPasswordAcceptable(input.password, 'password')
  const passwordHash = await hashPassword(input.password)
  const userId = await deps.db.transaction().execute(async (trx) => {
    // The check above was only a check: two uses of one token still meet here, and one wins.
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
    if (!updated) throw invalidToken()
    await trx.deleteFrom('sessions').where('user_id', '=', updated.id).execute()
    // A reset is what someone does after losing control of the account: no token survives it.
    await revokeAllApiTokens(trx, updated.id)
    // Any other reset link mailed earlier dies with this one.
    await trx
      .updateTable('one_time_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('user_id', '=', updated.id)
      .where('kind', '=', 'password_reset')
      .where('used_at', 'is', null)
      .execute()
    const changedAt = new Date().toISOString()
    await deps.jobs.enqueue(trx, sendPasswordChangedMail, { userId: updated.id, changedAt })
    return updated.id
  })
  deps.sessions.forgetUser(userId)
  deps.securityLog.record('password.reset', { ip: client.ip, targetId: userId })
}

const invalidToken = () => new AppError('INVALID_TOKEN', 'This link is invalid or has expired')

/** Enqueues a verification mail, unless the address is verified already. */
export async function requestEmailVerification(deps: ApiDeps, user: SessionUser): Promise<void> {
  if (user.emailVerifiedAt) return
  await deps.rateLimiter.consume({
    key: `verify-request:user:${user.id}`,
    max: 3,
    windowMs: MINUTE,
  })
  await deps.jobs.enqueue(deps.db, sendVerificationMail, { userId: user.id })
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
    if (!user) throw invalidToken()
    return user
  })
  deps.sessions.forgetUser(verified.id)
  return verified
}
