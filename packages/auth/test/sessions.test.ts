import type { Db } from '@inkwell/db'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { hashToken, SessionManager } from '../src'
import { useTestDb } from './helpers'

const DAY = 86_400_000
const meta = { userAgent: 'Test/1.0', ip: '192.0.2.10' }

const testDb = useTestDb()
const { newUser } = testDb
let db: Db
let sessions: SessionManager
beforeAll(() => {
  db = testDb.db()
  sessions = new SessionManager(db.kysely)
})

async function row(sessionId: string) {
  return db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow()
}

/** Moves a session's clock back: it was created, and last seen, `ago` ms earlier. */
async function age(
  sessionId: string,
  { created, lastSeen }: { created: number; lastSeen: number },
  expiresAt?: Date,
) {
  await db.kysely
    .updateTable('sessions')
    .set({
      created_at: new Date(Date.now() - created),
      last_seen_at: new Date(Date.now() - lastSeen),
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    })
    .where('id', '=', sessionId)
    .execute()
}

const near = (actual: Date, expected: number, toleranceMs = 5_000) =>
  expect(Math.abs(actual.getTime() - expected)).toBeLessThan(toleranceMs)

describe('SessionManager.create', () => {
  it('issues a 160-bit token and stores only its hash, with a 30-day expiry', async () => {
    const userId = await newUser()
    const { token, session } = await sessions.create(userId, meta)
    expect(token).toMatch(/^[a-z2-7]{32}$/)
    const stored = await row(session.id)
    expect(stored.token_hash).toBe(hashToken(token))
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(session).toMatchObject({ userId, userAgent: 'Test/1.0', ip: '192.0.2.10' })
    near(session.expiresAt, Date.now() + 30 * DAY)
  })

  it('never lets the first expiry pass the absolute cap', async () => {
    const short = new SessionManager(db.kysely, { idleMs: 10 * DAY, absoluteMs: DAY })
    const { session } = await short.create(await newUser(), meta)
    near(session.expiresAt, Date.now() + DAY)
  })

  it('keeps at most 512 characters of the user agent', async () => {
    const { session } = await sessions.create(await newUser(), {
      userAgent: 'A'.repeat(2_000),
      ip: null,
    })
    expect((await row(session.id)).user_agent).toHaveLength(512)
  })
})

describe('SessionManager.validate', () => {
  it('returns the session and its live user', async () => {
    const userId = await newUser()
    const { token, session } = await sessions.create(userId, meta)
    const valid = await sessions.validate(token)
    expect(valid?.session.id).toBe(session.id)
    expect(valid?.user).toMatchObject({
      id: userId,
      name: 'U',
      role: 'user',
      emailVerifiedAt: null,
    })
  })

  it('refuses unknown tokens, and the hash in place of the token', async () => {
    const { token } = await sessions.create(await newUser(), meta)
    expect(await sessions.validate('unknown-token')).toBeNull()
    expect(await sessions.validate(hashToken(token))).toBeNull()
    expect(await sessions.validate('')).toBeNull()
  })

  it('refuses the session of a disabled or deleted user', async () => {
    const disabled = await newUser()
    const deleted = await newUser()
    const a = await sessions.create(disabled, meta)
    const b = await sessions.create(deleted, meta)
    await db.kysely
      .updateTable('users')
      .set({ disabled: true })
      .where('id', '=', disabled)
      .execute()
    await db.kysely
      .updateTable('users')
      .set({ deleted_at: new Date() })
      .where('id', '=', deleted)
      .execute()
    expect(await sessions.validate(a.token)).toBeNull()
    expect(await sessions.validate(b.token)).toBeNull()
  })

  it('ends a session after 30 days without use', async () => {
    const { token, session } = await sessions.create(await newUser(), meta)
    // Last used 31 days ago: it expired a day ago.
    await age(session.id, { created: 31 * DAY, lastSeen: 31 * DAY }, new Date(Date.now() - DAY))
    expect(await sessions.validate(token)).toBeNull()
  })

  it('slides the expiry 30 days past each use', async () => {
    const { token, session } = await sessions.create(await newUser(), meta)
    await age(
      session.id,
      { created: 10 * DAY, lastSeen: 10 * DAY },
      new Date(Date.now() + 20 * DAY),
    )
    const valid = await sessions.validate(token)
    near(valid!.session.expiresAt, Date.now() + 30 * DAY)
    near(valid!.session.lastSeenAt, Date.now())
    const stored = await row(session.id)
    near(stored.expires_at, Date.now() + 30 * DAY)
    near(stored.last_seen_at, Date.now())
  })

  it('never slides past 90 days from creation, and ends the session there', async () => {
    const { token, session } = await sessions.create(await newUser(), meta)
    // Created almost 90 days ago, used every day: one more use may not add 30 days.
    await age(
      session.id,
      { created: 90 * DAY - 60_000, lastSeen: DAY },
      new Date(Date.now() + 29 * DAY),
    )
    const valid = await sessions.validate(token)
    const cap = (await row(session.id)).created_at.getTime() + 90 * DAY
    expect(valid!.session.expiresAt.getTime()).toBe(cap)
    near(valid!.session.expiresAt, Date.now() + 60_000)
    // A minute later (the cap reached), it is gone however recently it was used.
    await db.kysely
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', session.id)
      .execute()
    expect(await sessions.validate(token)).toBeNull()
  })

  it('writes last_seen_at at most once per touch interval', async () => {
    const throttled = new SessionManager(db.kysely, { touchIntervalMs: 60_000 })
    const { token, session } = await throttled.create(await newUser(), meta)
    const created = await row(session.id)
    // Used again and again within the interval: no writes.
    for (let i = 0; i < 3; i++) await throttled.validate(token)
    expect((await row(session.id)).last_seen_at).toEqual(created.last_seen_at)
    expect((await row(session.id)).expires_at).toEqual(created.expires_at)

    // Once the last write is older than the interval, the next use writes again.
    await age(session.id, { created: 61_000, lastSeen: 61_000 })
    const before = await row(session.id)
    await throttled.validate(token)
    const after = await row(session.id)
    expect(after.last_seen_at.getTime()).toBeGreaterThan(before.last_seen_at.getTime() + 60_000)
  })

  it('with a small touch interval, writes on the first use after it', async () => {
    const eager = new SessionManager(db.kysely, { touchIntervalMs: 50 })
    const { token, session } = await eager.create(await newUser(), meta)
    const created = await row(session.id)
    await new Promise((resolve) => setTimeout(resolve, 80))
    await eager.validate(token)
    const after = await row(session.id)
    expect(after.last_seen_at.getTime()).toBeGreaterThan(created.last_seen_at.getTime())
    expect(after.expires_at.getTime()).toBeGreaterThan(created.expires_at.getTime())
  })
})

describe('SessionManager.rotate', () => {
  it('replaces the token: the old one dies at once, the session stays the same', async () => {
    const { token, session } = await sessions.create(await newUser(), meta)
    const rotated = await sessions.rotate(session.id, token)
    expect(rotated?.token).not.toBe(token)
    expect(rotated?.session.id).toBe(session.id)
    expect(await sessions.validate(token)).toBeNull()
    expect((await sessions.validate(rotated!.token))?.session.id).toBe(session.id)
  })

  it('refuses a token that is no longer current, so two rotations cannot both win', async () => {
    const { token, session } = await sessions.create(await newUser(), meta)
    const results = await Promise.all([
      sessions.rotate(session.id, token),
      sessions.rotate(session.id, token),
    ])
    const winners = results.filter((r) => r !== null)
    expect(winners).toHaveLength(1)
    expect(await sessions.validate(winners[0]!.token)).not.toBeNull()
  })

  it('refuses an expired session, or a token of another session', async () => {
    const a = await sessions.create(await newUser(), meta)
    const b = await sessions.create(await newUser(), meta)
    expect(await sessions.rotate(a.session.id, b.token)).toBeNull()
    await db.kysely
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', a.session.id)
      .execute()
    expect(await sessions.rotate(a.session.id, a.token)).toBeNull()
  })
})

describe('SessionManager: listing and ending sessions', () => {
  it("lists a user's live sessions, most recently used first", async () => {
    const userId = await newUser()
    const older = await sessions.create(userId, meta)
    const newer = await sessions.create(userId, meta)
    const expired = await sessions.create(userId, meta)
    await sessions.create(await newUser(), meta)
    await age(older.session.id, { created: 2 * DAY, lastSeen: 2 * DAY })
    await db.kysely
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', expired.session.id)
      .execute()
    const listed = await sessions.list(userId)
    expect(listed.map((s) => s.id)).toEqual([newer.session.id, older.session.id])
  })

  it("revoke ends one of the user's own sessions only", async () => {
    const owner = await newUser()
    const mine = await sessions.create(owner, meta)
    const theirs = await sessions.create(await newUser(), meta)
    expect(await sessions.revoke(owner, theirs.session.id)).toBe(false)
    expect(await sessions.validate(theirs.token)).not.toBeNull()
    expect(await sessions.revoke(owner, mine.session.id)).toBe(true)
    expect(await sessions.validate(mine.token)).toBeNull()
    expect(await sessions.revoke(owner, mine.session.id)).toBe(false)
  })

  it('revokeOthers keeps one session, revokeAll ends them all, others untouched', async () => {
    const userId = await newUser()
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => sessions.create(userId, meta)))
    const bystander = await sessions.create(await newUser(), meta)
    await sessions.revokeOthers(userId, a!.session.id)
    expect(await sessions.validate(a!.token)).not.toBeNull()
    expect(await sessions.validate(b!.token)).toBeNull()
    expect(await sessions.validate(c!.token)).toBeNull()
    await sessions.revokeAll(userId)
    expect(await sessions.validate(a!.token)).toBeNull()
    expect(await sessions.validate(bystander.token)).not.toBeNull()
  })

  it('deleteExpired removes expired sessions only', async () => {
    const live = await sessions.create(await newUser(), meta)
    const dead = await sessions.create(await newUser(), meta)
    await db.kysely
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('id', '=', dead.session.id)
      .execute()
    expect(await sessions.deleteExpired()).toBeGreaterThanOrEqual(1)
    const ids = (await db.kysely.selectFrom('sessions').select('id').execute()).map((r) => r.id)
    expect(ids).toContain(live.session.id)
    expect(ids).not.toContain(dead.session.id)
  })

  it('works inside a transaction through withDb, rolled back with it', async () => {
    const userId = await newUser()
    let token = ''
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        token = (await sessions.withDb(trx).create(userId, meta)).token
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await sessions.validate(token)).toBeNull()
  })
})
