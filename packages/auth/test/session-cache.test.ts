import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SessionCache, SessionManager, type ValidSession } from '../src'

const meta = { userAgent: null, ip: null }

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

async function newUser(): Promise<string> {
  const row = await db.kysely
    .insertInto('users')
    .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Ends a session behind the manager's back, as another instance would. */
async function deleteBehindTheBack(sessionId: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SessionManager with a SessionCache', () => {
  it('answers from the cache within the TTL, and asks the database again after it', async () => {
    const sessions = new SessionManager(
      db.kysely,
      {},
      new SessionCache<ValidSession>({ ttlMs: 200 }),
    )
    const { token, session } = await sessions.create(await newUser(), meta)
    expect(await sessions.validate(token)).not.toBeNull()
    await deleteBehindTheBack(session.id)
    // Still cached: this is the database round trip the cache saves.
    expect(await sessions.validate(token)).not.toBeNull()
    await sleep(250)
    expect(await sessions.validate(token)).toBeNull()
  })

  it('forgets at once what it revokes itself', async () => {
    const sessions = new SessionManager(
      db.kysely,
      {},
      new SessionCache<ValidSession>({ ttlMs: 60_000 }),
    )
    const userId = await newUser()
    const a = await sessions.create(userId, meta)
    const b = await sessions.create(userId, meta)
    const c = await sessions.create(userId, meta)
    for (const s of [a, b, c]) await sessions.validate(s.token)

    await sessions.revoke(userId, a.session.id)
    expect(await sessions.validate(a.token)).toBeNull()
    expect(await sessions.validate(b.token)).not.toBeNull()

    await sessions.revokeOthers(userId, c.session.id)
    expect(await sessions.validate(b.token)).toBeNull()
    expect(await sessions.validate(c.token)).not.toBeNull()

    const rotated = await sessions.rotate(c.session.id, c.token)
    expect(await sessions.validate(c.token)).toBeNull()
    expect(await sessions.validate(rotated!.token)).not.toBeNull()

    await sessions.revokeAll(userId)
    expect(await sessions.validate(rotated!.token)).toBeNull()
  })

  it('forgets a user on request, for changes made outside the manager', async () => {
    const sessions = new SessionManager(
      db.kysely,
      {},
      new SessionCache<ValidSession>({ ttlMs: 60_000 }),
    )
    const userId = await newUser()
    const { token } = await sessions.create(userId, meta)
    await sessions.validate(token)
    await db.kysely
      .updateTable('users')
      .set({ name: 'Renamed', disabled: true })
      .where('id', '=', userId)
      .execute()
    sessions.forgetUser(userId)
    expect(await sessions.validate(token)).toBeNull()
  })

  it('shares its cache with the managers it makes for transactions', async () => {
    const sessions = new SessionManager(
      db.kysely,
      {},
      new SessionCache<ValidSession>({ ttlMs: 60_000 }),
    )
    const userId = await newUser()
    const { token } = await sessions.create(userId, meta)
    await sessions.validate(token)
    await db.kysely.transaction().execute((trx) => sessions.withDb(trx).revokeAll(userId))
    expect(await sessions.validate(token)).toBeNull()
  })
})

describe('SessionCache', () => {
  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new SessionCache<string>({ ttlMs: 60_000, maxEntries: 2 })
    cache.set('a', 'A', { sessionId: '1', userId: 'u' })
    cache.set('b', 'B', { sessionId: '2', userId: 'u' })
    cache.set('c', 'C', { sessionId: '3', userId: 'u' })
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C'])
  })

  it('forgets by session or by user', () => {
    const cache = new SessionCache<string>({ ttlMs: 60_000 })
    cache.set('a', 'A', { sessionId: '1', userId: 'u' })
    cache.set('b', 'B', { sessionId: '2', userId: 'u' })
    cache.set('c', 'C', { sessionId: '3', userId: 'v' })
    cache.invalidate({ sessionId: '1' })
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C'])
    cache.invalidate({ userId: 'u' })
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, 'C'])
  })
})
