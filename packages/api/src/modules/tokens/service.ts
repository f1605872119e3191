import { generateApiToken, hashToken, type SessionUser } from '@inkwell/auth'
import type { ApiTokenRow, ApiTokenScope, Database } from '@inkwell/db'
import { type Kysely, sql } from 'kysely'
import { AppError } from '../../app-error'
import type { ApiDeps } from '../../wiring/api-deps'
import { LIVE_TOKENS_MAX } from './schema'

const DAY = 24 * 60 * 60 * 1000
/** How stale `last_used_at` may get before a request writes it again (as for sessions). */
export const TOUCH_INTERVAL_MS = 60_000

/** A token row as the app reads it: everything but the hash. */
export type ApiTokenRecord = Omit<ApiTokenRow, 'token_hash'>

const columns = [
  'id',
  'user_id',
  'name',
  'scope',
  'created_at',
  'last_used_at',
  'expires_at',
] as const

/** A valid API token and its live user. */
export interface ValidApiToken {
  readonly apiToken: ApiTokenRecord
  readonly user: SessionUser
}

/**
 * Issues an API token. At most `LIVE_TOKENS_MAX` live ones per user: the user's row is locked
 * while counting, so two concurrent creates cannot both take the last place.
 */
export async function createApiToken(
  deps: ApiDeps,
  userId: string,
  input: { name: string; scope: ApiTokenScope; expiresInDays: number },
): Promise<{ token: string; apiToken: ApiTokenRecord }> {
  const token = generateApiToken()
  const apiToken = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute()
    const { live } = await trx
      .selectFrom('api_tokens')
      .select(sql<number>`count(*)::int`.as('live'))
      .where('user_id', '=', userId)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirstOrThrow()
    if (live >= LIVE_TOKENS_MAX) {
      throw new AppError(
        'TOKEN_LIMIT_REACHED',
        `You have ${LIVE_TOKENS_MAX} API tokens already: revoke one first`,
      )
    }
    return trx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name: input.name,
        scope: input.scope,
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + input.expiresInDays * DAY),
      })
      .returning(columns)
      .executeTakeFirstOrThrow()
  })
  return { token, apiToken }
}

/** The user's live (unexpired) tokens, newest first. */
export function listApiTokens(deps: ApiDeps, userId: string): Promise<ApiTokenRecord[]> {
  return deps.db
    .selectFrom('api_tokens')
    .select(columns)
    .where('user_id', '=', userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Revokes (deletes) one of the user's tokens; anyone else's is 404 `TOKEN_NOT_FOUND`. */
export async function revokeApiToken(deps: ApiDeps, userId: string, id: string): Promise<void> {
  const result = await deps.db
    .deleteFrom('api_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (result.numDeletedRows === 0n) throw new AppError('TOKEN_NOT_FOUND', 'No such API token')
}

/**
 * Revokes every token of the user. Call it inside the transaction that disables or deletes
 * the user or resets the password, so that no token outlives it (even a re-enabled account
 * gets none back).
 */
export async function revokeAllApiTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute()
}

/**
 * The token and live user behind `token`, or null when it is unknown, revoked, expired, or
 * its user is disabled or deleted: the user's state is checked in the same query. Writes
 * `last_used_at` at most once per `TOUCH_INTERVAL_MS`.
 */
export async function validateApiToken(
  db: Kysely<Database>,
  token: string,
): Promise<ValidApiToken | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.user_id',
      't.name',
      't.scope',
      't.created_at',
      't.last_used_at',
      't.expires_at',
      'u.email',
      'u.name as user_name',
      'u.role',
      'u.email_verified_at',
      'u.avatar_url',
      'u.created_at as user_created_at',
    ])
    .where('t.token_hash', '=', hashToken(token))
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  let lastUsedAt = row.last_used_at
  const now = Date.now()
  if (!lastUsedAt || now - lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    lastUsedAt = new Date(now)
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: lastUsedAt })
      .where('id', '=', row.id)
      .execute()
  }
  return {
    apiToken: {
      id: row.id,
      user_id: row.user_id,
      name: row.name,
      scope: row.scope,
      created_at: row.created_at,
      last_used_at: lastUsedAt,
      expires_at: row.expires_at,
    },
    user: {
      id: row.user_id,
      email: row.email,
      name: row.user_name,
      role: row.role,
      emailVerifiedAt: row.email_verified_at,
      avatarUrl: row.avatar_url,
      createdAt: row.user_created_at,
    },
  }
}

/** Deletes expired tokens. Returns how many went. */
export async function deleteExpiredApiTokens(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('api_tokens')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
