import type { Database, Role } from '@inkwell/db'
import { type Kysely, sql } from 'kysely'
import type { Invalidation, SessionCache, SessionCacheStats } from './session-cache'
import { generateToken, hashToken } from './tokens'

const DAY = 24 * 60 * 60 * 1000

export interface SessionPolicy {
  /** Inactivity that ends a session. Default 30 days. */
  readonly idleMs: number
  /** Lifetime cap, however active the session. Default 90 days. */
  readonly absoluteMs: number
  /** How stale `last_seen_at` may get before a request writes it again. Default 60 s. */
  readonly touchIntervalMs: number
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: 30 * DAY,
  absoluteMs: 90 * DAY,
  touchIntervalMs: 60_000,
}

export interface SessionMeta {
  readonly userAgent: string | null
  readonly ip: string | null
}

export interface Session {
  readonly id: string
  readonly userId: string
  readonly createdAt: Date
  readonly lastSeenAt: Date
  readonly expiresAt: Date
  readonly userAgent: string | null
  readonly ip: string | null
}

/** The account behind a valid session: live (not disabled, not deleted) by construction. */
export interface SessionUser {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly role: Role
  readonly emailVerifiedAt: Date | null
  readonly avatarUrl: string | null
  readonly createdAt: Date
}

/** A valid session and its live user. */
export interface ValidSession {
  readonly session: Session
  readonly user: SessionUser
}

export interface IssuedSession {
  /** The secret. Shown to the client once; only its hash is stored. */
  readonly token: string
  readonly session: Session
}

/**
 * Sessions in the Lucia design: a random token goes to the client, its SHA-256 is the key in
 * the database. Sessions slide (each use pushes the expiry out to `idleMs`, never past
 * `absoluteMs` from creation) and the write that slides them is throttled.
 */
export class SessionManager {
  readonly #db: Kysely<Database>
  readonly #policy: SessionPolicy
  readonly #cache: SessionCache<ValidSession> | undefined

  /** With a `cache`, validation asks the database once per token per cache TTL. */
  constructor(
    db: Kysely<Database>,
    policy: Partial<SessionPolicy> = {},
    cache?: SessionCache<ValidSession>,
  ) {
    this.#db = db
    this.#policy = { ...defaultSessionPolicy, ...policy }
    this.#cache = cache
  }

  /**
   * The same manager (same cache) over another handle, e.g. a transaction. Its revocations
   * clear the cache before the transaction commits: call `forgetUser` again after commit.
   */
  withDb(db: Kysely<Database>): SessionManager {
    return new SessionManager(db, this.#policy, this.#cache)
  }

  /**
   * Forgets what is cached about the user's sessions, here and on every other instance. Call
   * it after changing the user or ending sessions other than through this class.
   */
  forgetUser(userId: string): void {
    this.#cache?.invalidate({ userId })
  }

  /** The session cache's hits and misses, or undefined when there is no cache. */
  cacheStats(): SessionCacheStats | undefined {
    return this.#cache?.stats()
  }

  /**
   * Calls `listener` with every session invalidation (a revoke, a user-wide forget), made on
   * this instance or another: an open event stream rechecks its credential on it. Returns the
   * function that stops the calls. Without a cache there is nothing to listen to.
   */
  onInvalidation(listener: (invalidation: Invalidation) => void): () => void {
    return this.#cache?.onInvalidation(listener) ?? (() => {})
  }

  /** Starts a session for `userId`. */
  async create(userId: string, meta: SessionMeta): Promise<IssuedSession> {
    const token = generateToken()
    const now = Date.now()
    const expiresAt = new Date(now + Math.min(this.#policy.idleMs, this.#policy.absoluteMs))
    const row = await this.#db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: new Date(now),
        last_seen_at: new Date(now),
        expires_at: expiresAt,
        user_agent: meta.userAgent?.slice(0, 512) ?? null,
        ip: meta.ip,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return { token, session: toSession(row) }
  }

  /**
   * The session and live user behind `token`, or null when the token is unknown, expired, or
   * its user is disabled or deleted. Slides the expiry at most once per `touchIntervalMs`.
   */
  async validate(token: string): Promise<ValidSession | null> {
    const tokenHash = hashToken(token)
    const cached = this.#cache?.get(tokenHash)
    if (cached && cached.session.expiresAt.getTime() > Date.now()) return cached
    const generation = this.#cache?.generation() ?? 0
    const row = await this.#db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id',
        's.user_id',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        's.user_agent',
        's.ip',
        'u.email',
        'u.name',
        'u.role',
        'u.email_verified_at',
        'u.avatar_url',
        'u.created_at as user_created_at',
      ])
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .where('u.disabled', '=', false)
      .where('u.deleted_at', 'is', null)
      .executeTakeFirst()
    if (!row) return null

    let session = toSession(row)
    const now = Date.now()
    if (now - session.lastSeenAt.getTime() >= this.#policy.touchIntervalMs) {
      session = await this.#touch(session, now)
    }
    const user: SessionUser = {
      id: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      emailVerifiedAt: row.email_verified_at,
      avatarUrl: row.avatar_url,
      createdAt: row.user_created_at,
    }
    this.#cache?.set(
      tokenHash,
      { session, user },
      { sessionId: session.id, userId: user.id },
      generation,
    )
    return { session, user }
  }

  async #touch(session: Session, now: number): Promise<Session> {
    const expiresAt = new Date(
      Math.min(now + this.#policy.idleMs, session.createdAt.getTime() + this.#policy.absoluteMs),
    )
    await this.#db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now), expires_at: expiresAt })
      .where('id', '=', session.id)
      .execute()
    return { ...session, lastSeenAt: new Date(now), expiresAt }
  }

  /**
   * Gives the session a new token; the old one stops working at once. `currentToken` must be
   * the session's token now: of two concurrent rotations of one token only the first wins (the
   * other gets null), so no caller is handed a token that a parallel rotation already replaced.
   */
  async rotate(sessionId: string, currentToken: string): Promise<IssuedSession | null> {
    const token = generateToken()
    const row = await this.#db
      .updateTable('sessions')
      .set({ token_hash: hashToken(token) })
      .where('id', '=', sessionId)
      .where('token_hash', '=', hashToken(currentToken))
      .where('expires_at', '>', sql<Date>`now()`)
      .returningAll()
      .executeTakeFirst()
    this.#cache?.invalidate({ sessionId })
    return row ? { token, session: toSession(row) } : null
  }

  /** The user's live sessions, most recently used first. */
  async list(userId: string): Promise<Session[]> {
    const rows = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('last_seen_at', 'desc')
      .execute()
    return rows.map(toSession)
  }

  /** Ends one of the user's sessions. False when the user has no such session. */
  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    this.#cache?.invalidate({ sessionId })
    return result.numDeletedRows > 0n
  }

  /** Ends every session of the user but `keepSessionId`. */
  async revokeOthers(userId: string, keepSessionId: string): Promise<void> {
    await this.#db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id', '<>', keepSessionId)
      .execute()
    this.#cache?.invalidate({ userId })
  }

  /** Ends every session of the user. */
  async revokeAll(userId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('user_id', '=', userId).execute()
    this.#cache?.invalidate({ userId })
  }

  /** Deletes expired sessions. Returns how many went. */
  async deleteExpired(): Promise<number> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where('expires_at', '<=', sql<Date>`now()`)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}

interface SessionColumns {
  id: string
  user_id: string
  created_at: Date
  last_seen_at: Date
  expires_at: Date
  user_agent: string | null
  ip: string | null
}

function toSession(row: SessionColumns): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
  }
}
