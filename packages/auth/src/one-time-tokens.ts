import type { Database, OneTimeTokenKind } from '@inkwell/db'
import { type Kysely, sql } from 'kysely'
import { generateToken, hashToken } from './tokens'

/** How long each kind of single-use token lives. */
export const oneTimeTokenTtlMs: Readonly<Record<OneTimeTokenKind, number>> = {
  password_reset: 30 * 60 * 1000,
  email_verification: 24 * 60 * 60 * 1000,
}

/**
 * Single-use tokens for links sent by mail (password reset, email verification). Stored
 * hashed; consuming one is a single conditional UPDATE, so two concurrent uses cannot both win.
 */
export class OneTimeTokens {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Issues a token of `kind` for `userId`. Earlier unused tokens of that kind stay valid. */
  async issue(kind: OneTimeTokenKind, userId: string): Promise<string> {
    const token = generateToken()
    await this.#db
      .insertInto('one_time_tokens')
      .values({
        token_hash: hashToken(token),
        kind,
        user_id: userId,
        expires_at: new Date(Date.now() + oneTimeTokenTtlMs[kind]),
      })
      .execute()
    return token
  }

  /**
   * The user id of `token` if it could be consumed now (known, unexpired, unused, of `kind`),
   * else null, without using it up: a cheap check before expensive work (hashing a new
   * password). `consume` still decides.
   */
  async check(kind: OneTimeTokenKind, token: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('one_time_tokens')
      .select('user_id')
      .where('token_hash', '=', hashToken(token))
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst()
    return row?.user_id ?? null
  }

  /** Uses up `token`. Returns its user id, or null when unknown, expired, used or of another kind. */
  async consume(
    kind: OneTimeTokenKind,
    token: string,
    db: Kysely<Database> = this.#db,
  ): Promise<string | null> {
    const row = await db
      .updateTable('one_time_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst()
    return row?.user_id ?? null
  }

  /** Deletes tokens that can no longer be used (spent or expired). Returns how many went. */
  async deleteSpent(): Promise<number> {
    const result = await this.#db
      .deleteFrom('one_time_tokens')
      .where((eb) =>
        eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', sql<Date>`now()`)]),
      )
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}
