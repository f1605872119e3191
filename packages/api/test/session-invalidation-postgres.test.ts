import { SessionCache, SessionManager, type ValidSession } from '@inkwell/auth'
import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresInvalidationBus } from '../src/wiring/postgres/invalidation-bus'
import { eventually } from './helpers'

// Two server instances on one PostgreSQL and no Redis: invalidations over LISTEN/NOTIFY.
const serverUrl = process.env.TEST_DATABASE_URL
const channel = `inkwell_test_${crypto.randomUUID().replaceAll('-', '')}`
const buses: PostgresInvalidationBus[] = []
let db: Db

function instance(): { sessions: SessionManager; bus: PostgresInvalidationBus } {
  const bus = new PostgresInvalidationBus(serverUrl!, channel)
  buses.push(bus)
  // A TTL far longer than the test: only the bus can make the other instance forget.
  const cache = new SessionCache<ValidSession>({ ttlMs: 60_000, bus })
  return { sessions: new SessionManager(db.kysely, {}, cache), bus }
}

async function newUser(): Promise<string> {
  const user = await db.kysely
    .insertInto('users')
    .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return user.id
}

const meta = { userAgent: null, ip: null }

describe.runIf(serverUrl)('session revocation across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()))
    await db?.close()
  })

  it('stops a session cached on another instance', async () => {
    const a = instance()
    const b = instance()
    expect(await eventually(async () => a.bus.isConnected() && b.bus.isConnected())).toBe(true)
    const userId = await newUser()
    const { token, session } = await a.sessions.create(userId, meta)
    expect(await b.sessions.validate(token)).not.toBeNull() // now cached on b

    await a.sessions.revoke(userId, session.id)
    expect(await eventually(async () => (await b.sessions.validate(token)) === null)).toBe(true)
  })

  it('carries a user-wide forget (a disabled account) to the other instance', async () => {
    const a = instance()
    const b = instance()
    expect(await eventually(async () => a.bus.isConnected() && b.bus.isConnected())).toBe(true)
    const userId = await newUser()
    const { token } = await a.sessions.create(userId, meta)
    expect(await b.sessions.validate(token)).not.toBeNull()

    await db.kysely.updateTable('users').set({ disabled: true }).where('id', '=', userId).execute()
    a.sessions.forgetUser(userId)
    expect(await eventually(async () => (await b.sessions.validate(token)) === null)).toBe(true)
  })

  it('distrusts its cache while the listening connection is down, and listens again', async () => {
    const b = instance()
    expect(await eventually(async () => b.bus.isConnected())).toBe(true)
    const userId = await newUser()
    const { token, session } = await b.sessions.create(userId, meta)
    expect(await b.sessions.validate(token)).not.toBeNull() // cached

    // Kill the listening connection from the server side, as a failover or restart would.
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = $1`, [
      `listen ${channel}`,
    ])
    await admin.end()
    expect(await eventually(async () => !b.bus.isConnected())).toBe(true)
    await db.kysely.deleteFrom('sessions').where('id', '=', session.id).execute()
    expect(await b.sessions.validate(token)).toBeNull()

    expect(await eventually(async () => b.bus.isConnected())).toBe(true)
  })
})
