import type { Db } from '@inkwell/db'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type Invalidation,
  type InvalidationBus,
  SessionCache,
  SessionManager,
  type ValidSession,
} from '../src'
import { useTestDb } from './helpers'

const meta = { userAgent: null, ip: null }

const testDb = useTestDb()
const { newUser } = testDb
let db: Db
beforeAll(() => {
  db = testDb.db()
})

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
    expect(sessions.cacheStats()).toEqual({ hits: 1, misses: 1, entries: 1 })
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

describe('a session revoked while it is being validated', () => {
  it('is never put into the cache by the validation that began before the revocation', async () => {
    const cache = new SessionCache<ValidSession>({ ttlMs: 60_000 })
    const sessions = new SessionManager(db.kysely, {}, cache)
    const userId = await newUser()
    const { token, session } = await sessions.create(userId, meta)
    // A request reads the session row; before it caches the answer, another instance revokes
    // the session (its invalidation message arrives here now; its delete lands just after).
    let revoked = false
    const racing = new SessionManager(
      db.kysely.withPlugin({
        transformQuery: (args) => args.node,
        async transformResult(args) {
          if (!revoked) {
            revoked = true
            cache.invalidate({ sessionId: session.id })
          }
          return args.result
        },
      }),
      {},
      cache,
    )
    await racing.validate(token) // read before the revocation: its own answer may say valid
    await deleteBehindTheBack(session.id)

    expect(await sessions.validate(token)).toBeNull()
  })
})

describe('SessionCache', () => {
  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new SessionCache<string>({ ttlMs: 60_000, maxEntries: 2 })
    cache.set('a', 'A', { sessionId: '1', userId: 'u' }, cache.generation())
    cache.set('b', 'B', { sessionId: '2', userId: 'u' }, cache.generation())
    cache.set('c', 'C', { sessionId: '3', userId: 'u' }, cache.generation())
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C'])
  })

  it('forgets by session or by user', () => {
    const cache = new SessionCache<string>({ ttlMs: 60_000 })
    cache.set('a', 'A', { sessionId: '1', userId: 'u' }, cache.generation())
    cache.set('b', 'B', { sessionId: '2', userId: 'u' }, cache.generation())
    cache.set('c', 'C', { sessionId: '3', userId: 'v' }, cache.generation())
    cache.invalidate({ sessionId: '1' })
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C'])
    cache.invalidate({ userId: 'u' })
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, 'C'])
  })

  it('drops a fill that began before an invalidation', () => {
    const cache = new SessionCache<string>({ ttlMs: 60_000 })
    const before = cache.generation()
    cache.invalidate({ userId: 'someone else' })
    cache.set('a', 'A', { sessionId: '1', userId: 'u' }, before)
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', 'A', { sessionId: '1', userId: 'u' }, cache.generation())
    expect(cache.get('a')).toBe('A')
  })

  it('tells its listeners of every invalidation, made here or received over the bus', () => {
    let deliver: (invalidation: Invalidation) => void = () => {}
    const bus: InvalidationBus = {
      publish: () => {},
      subscribe: (onInvalidation) => {
        deliver = onInvalidation
      },
      isConnected: () => true,
    }
    const cache = new SessionCache<string>({ ttlMs: 60_000, bus })
    const heard: Invalidation[] = []
    const stop = cache.onInvalidation((invalidation) => heard.push(invalidation))
    cache.invalidate({ sessionId: '1' })
    deliver({ userId: 'u' })
    expect(heard).toEqual([{ sessionId: '1' }, { userId: 'u' }])
    stop()
    cache.invalidate({ sessionId: '2' })
    expect(heard).toHaveLength(2)
  })
})
