import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'

let h: TestHarness
let token: string
let userId: string
beforeAll(async () => {
  h = await createTestHarness()
  const { session, user } = await h
    .caller()
    .auth.register({ email: 'sync@example.com', password: 'a long passphrase', name: 'Sync' })
  token = session.token
  userId = user.id
})
afterAll(() => h.close())

type Change = { id: string; title: string; version: number }

/** Polls the feed to its end, as a mobile app would, returning every change and the cursor. */
async function pollAll(since: string | undefined) {
  const seen: Change[] = []
  let cursor = since
  for (;;) {
    const page = await h
      .caller({ token })
      .notes.changes({ ...(cursor ? { since: cursor } : {}), limit: 2 })
    seen.push(...page.changes)
    cursor = page.cursor
    if (!page.hasMore) return { seen, cursor }
  }
}

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('notes.changes', () => {
  it('never skips a change committed by a slow transaction that wrote first', async ({ skip }) => {
    // PGlite has one session: two writers cannot interleave there, so the race cannot exist.
    if (h.db.kind !== 'postgres') skip()

    const { cursor: start } = await pollAll(undefined)
    const slowWrote = deferred()
    const releaseSlow = deferred()

    // Writer A: writes first, then stalls before committing.
    const slow = h.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ user_id: userId, title: 'slow writer' }).execute()
      slowWrote.resolve()
      await releaseSlow.promise
    })
    await slowWrote.promise

    // Writer B: writes later, and commits as soon as it can (its write queues behind A's).
    const fast = h.caller({ token }).notes.create({ title: 'fast writer' })

    // The reader polls while A is still open: it sees neither, and must not move past A.
    const during = await pollAll(start)
    expect(during.seen).toEqual([])
    expect(during.cursor).toBe(start)

    releaseSlow.resolve()
    await slow
    await fast

    const after = await pollAll(during.cursor)
    expect(after.seen.map((n) => n.title)).toEqual(['slow writer', 'fast writer'])
  })

  it('is not held back by a transaction of someone else left open', async ({ skip }) => {
    // PGlite has one session: a transaction left open there would block every other query.
    if (h.db.kind !== 'postgres') skip()
    const released = deferred()
    const holding = deferred()
    // Any transaction that has taken an id and keeps running (a backup, a report, another app
    // on the same server): the old feed, ordered by transaction id, waited for it to end.
    const blocker = h.db.kysely.connection().execute(async (conn) => {
      await sql`begin`.execute(conn)
      await sql`select pg_current_xact_id()`.execute(conn)
      holding.resolve()
      await released.promise
      await sql`commit`.execute(conn)
    })
    try {
      await holding.promise
      const { cursor: start } = await pollAll(undefined)
      const note = await h.caller({ token }).notes.create({ title: 'not held back' })
      const { seen } = await pollAll(start)
      expect(seen.map((n) => n.id)).toEqual([note.id])
    } finally {
      released.resolve()
      await blocker
    }
  })

  it('hands out every change once, in order, and an edit again later', async () => {
    const notes = h.caller({ token }).notes
    const { cursor: start } = await pollAll(undefined)
    const a = await notes.create({ title: 'a' })
    const b = await notes.create({ title: 'b' })
    const c = await notes.create({ title: 'c' })
    const first = await pollAll(start)
    expect(first.seen.map((n) => n.id)).toEqual([a.id, b.id, c.id])

    const nothing = await pollAll(first.cursor)
    expect(nothing.seen).toEqual([])
    expect(nothing.cursor).toBe(first.cursor)

    await notes.delete({ id: a.id })
    await notes.update({ id: b.id, version: b.version, title: 'b2' })
    const second = await pollAll(first.cursor)
    expect(second.seen.map((n) => n.title)).toEqual(['a', 'b2'])
    expect(second.seen[0]).toMatchObject({ id: a.id, deletedAt: expect.any(String) })
  })

  it('stays consistent while writers and a reader run at once', async () => {
    const notes = h.caller({ token }).notes
    const { cursor: start } = await pollAll(undefined)
    const created: string[] = []
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 10; i++) {
        if (w % 2 === 0) {
          created.push((await notes.create({ title: `w${w}-${i}` })).id)
        } else {
          // A transaction that writes, waits, and commits late.
          const id = await h.db.kysely.transaction().execute(async (trx) => {
            const row = await trx
              .insertInto('notes')
              .values({ user_id: userId, title: `w${w}-${i}` })
              .returning('id')
              .executeTakeFirstOrThrow()
            await sql`select pg_sleep(0.005)`.execute(trx)
            return row.id
          })
          created.push(id)
        }
      }
    })
    const seen = new Set<string>()
    let cursor = start
    let writing = true
    const reader = (async () => {
      while (writing) {
        const page = await pollAll(cursor)
        for (const n of page.seen) seen.add(n.id)
        cursor = page.cursor
      }
    })()
    await Promise.all(writers)
    writing = false
    await reader
    const rest = await pollAll(cursor)
    for (const n of rest.seen) seen.add(n.id)
    expect([...seen].sort()).toEqual([...created].sort())
  })
})
