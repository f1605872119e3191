import type { Db } from '@inkwell/db'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { hashToken, OneTimeTokens, oneTimeTokenTtlMs } from '../src'
import { useTestDb } from './helpers'

const testDb = useTestDb()
const { newUser } = testDb
let db: Db
let tokens: OneTimeTokens
beforeAll(() => {
  db = testDb.db()
  tokens = new OneTimeTokens(db.kysely)
})

describe('OneTimeTokens', () => {
  it('lives 30 minutes for a password reset and 24 hours for an email verification', () => {
    expect(oneTimeTokenTtlMs.password_reset).toBe(30 * 60_000)
    expect(oneTimeTokenTtlMs.email_verification).toBe(24 * 3_600_000)
  })

  it('issues a token of at least 128 bits, stored only as its hash, with its lifetime', async () => {
    const userId = await newUser()
    const token = await tokens.issue('password_reset', userId)
    expect(token).toMatch(/^[a-z2-7]{26,}$/)
    const row = await db.kysely
      .selectFrom('one_time_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(hashToken(token))
    expect(JSON.stringify(row)).not.toContain(token)
    expect(row.kind).toBe('password_reset')
    expect(row.used_at).toBeNull()
    expect(Math.abs(row.expires_at.getTime() - (Date.now() + 30 * 60_000))).toBeLessThan(5_000)
  })

  it('consumes a token once, returning its user', async () => {
    const userId = await newUser()
    const token = await tokens.issue('email_verification', userId)
    expect(await tokens.consume('email_verification', token)).toBe(userId)
    expect(await tokens.consume('email_verification', token)).toBeNull()
  })

  it('checks a token without using it up: its user while consumable, else null', async () => {
    const userId = await newUser()
    const token = await tokens.issue('password_reset', userId)
    expect(await tokens.check('password_reset', token)).toBe(userId)
    expect(await tokens.check('password_reset', token)).toBe(userId)
    expect(await tokens.check('email_verification', token)).toBeNull()
    expect(await tokens.check('password_reset', 'not a token')).toBeNull()
    expect(await tokens.consume('password_reset', token)).toBe(userId)
    expect(await tokens.check('password_reset', token)).toBeNull()
  })

  it('refuses a token of the other kind, without using it up', async () => {
    const userId = await newUser()
    const token = await tokens.issue('email_verification', userId)
    expect(await tokens.consume('password_reset', token)).toBeNull()
    expect(await tokens.consume('email_verification', token)).toBe(userId)
  })

  it('refuses unknown and expired tokens', async () => {
    expect(await tokens.consume('password_reset', 'no-such-token')).toBeNull()
    const token = await tokens.issue('password_reset', await newUser())
    await db.kysely
      .updateTable('one_time_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 millisecond'` })
      .where('token_hash', '=', hashToken(token))
      .execute()
    expect(await tokens.consume('password_reset', token)).toBeNull()
  })

  it('keeps earlier tokens of a user valid when a new one is issued', async () => {
    const userId = await newUser()
    const first = await tokens.issue('password_reset', userId)
    const second = await tokens.issue('password_reset', userId)
    expect(first).not.toBe(second)
    expect(await tokens.consume('password_reset', first)).toBe(userId)
    expect(await tokens.consume('password_reset', second)).toBe(userId)
  })

  it('lets exactly one of many concurrent uses win', async () => {
    const userId = await newUser()
    const token = await tokens.issue('password_reset', userId)
    const results = await Promise.all(
      Array.from({ length: 5 }, () => tokens.consume('password_reset', token)),
    )
    expect(results.filter((r) => r === userId)).toHaveLength(1)
    expect(results.filter((r) => r === null)).toHaveLength(4)
  })

  it('gives the token back when the transaction that used it rolls back', async () => {
    const userId = await newUser()
    const token = await tokens.issue('password_reset', userId)
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        expect(await tokens.consume('password_reset', token, trx)).toBe(userId)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await tokens.consume('password_reset', token)).toBe(userId)
  })

  it('deleteSpent removes used and expired tokens and keeps the usable ones', async () => {
    const userId = await newUser()
    const used = await tokens.issue('password_reset', userId)
    await tokens.consume('password_reset', used)
    const expired = await tokens.issue('email_verification', userId)
    await db.kysely
      .updateTable('one_time_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hashToken(expired))
      .execute()
    const usable = await tokens.issue('password_reset', userId)

    expect(await tokens.deleteSpent()).toBeGreaterThanOrEqual(2)
    const left = await db.kysely
      .selectFrom('one_time_tokens')
      .select('token_hash')
      .where('user_id', '=', userId)
      .execute()
    expect(left.map((r) => r.token_hash)).toEqual([hashToken(usable)])
    expect(await tokens.consume('password_reset', usable)).toBe(userId)
  })
})
