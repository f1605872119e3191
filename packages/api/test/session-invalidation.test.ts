import { once } from 'node:events'
import { SessionCache, SessionManager, type ValidSession } from '@inkwell/auth'
import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisInvalidationBus } from '../src'
import { eventually } from './helpers'

// Two server instances: one database, a session cache each, invalidations over Redis.
const redisUrl = process.env.TEST_REDIS_URL
const channel = `inkwell:test:${crypto.randomUUID()}:sessions`
const connections: Redis[] = []
let db: Db

function instance(subscriber = new Redis(redisUrl!)): SessionManager {
  const publisher = new Redis(redisUrl!)
  connections.push(publisher, subscriber)
  // A TTL far longer than the test: only the bus can make the other instance forget.
  const cache = new SessionCache<ValidSession>({
    ttlMs: 60_000,
    bus: new RedisInvalidationBus(publisher, subscriber, channel),
  })
  return new SessionManager(db.kysely, {}, cache)
}

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()))
  await db.close()
})

describe.runIf(redisUrl)('session revocation across instances (Redis pub/sub)', () => {
  it('stops a session cached on another instance', async () => {
    const a = instance()
    const b = instance()
    await new Promise((r) => setTimeout(r, 100)) // let both subscriptions settle
    const user = await db.kysely
      .insertInto('users')
      .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { token, session } = await a.create(user.id, { userAgent: null, ip: null })
    expect(await b.validate(token)).not.toBeNull() // now cached on b

    await a.revoke(user.id, session.id)
    expect(await eventually(async () => (await b.validate(token)) === null)).toBe(true)
  })

  it('carries a user-wide forget (a disabled account) to the other instance', async () => {
    const a = instance()
    const b = instance()
    await new Promise((r) => setTimeout(r, 100))
    const user = await db.kysely
      .insertInto('users')
      .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { token } = await a.create(user.id, { userAgent: null, ip: null })
    expect(await b.validate(token)).not.toBeNull()

    await db.kysely.updateTable('users').set({ disabled: true }).where('id', '=', user.id).execute()
    a.forgetUser(user.id)
    expect(await eventually(async () => (await b.validate(token)) === null)).toBe(true)
  })

  it('stops trusting its cache while the bus is down, and empties it', async () => {
    const subscriber = new Redis(redisUrl!)
    const b = instance(subscriber)
    await new Promise((r) => setTimeout(r, 100))
    const user = await db.kysely
      .insertInto('users')
      .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { token, session } = await b.create(user.id, { userAgent: null, ip: null })
    expect(await b.validate(token)).not.toBeNull() // cached

    // The bus drops: a revocation elsewhere could be missed, so nothing cached may be believed.
    const closed = once(subscriber, 'close')
    subscriber.disconnect(true)
    await closed
    await db.kysely.deleteFrom('sessions').where('id', '=', session.id).execute()
    expect(await b.validate(token)).toBeNull()
  })
})
