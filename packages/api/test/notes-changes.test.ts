import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouterOutputs } from '../src/root'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'

type Note = RouterOutputs['notes']['get']

let h: TestHarness
let bob: Account
beforeAll(async () => {
  h = await createTestHarness()
  bob = await signUp(h, { name: 'Bob' })
  await notesOf(bob).create({ title: 'Bob’s first' })
})
afterAll(() => h?.close())

const notesOf = (account: Account) => h.caller({ token: account.token }).notes
const ids = (notes: readonly { id: string }[]) => notes.map((n) => n.id)
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const ZERO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * Reads the feed from `since` to its end as a client would (following `hasMore`) and returns
 * everything received with the last cursor; fails unless `done` holds for it. A committed
 * change is in the feed at once, whatever else runs on the server.
 */
async function pollUntil(
  account: Account,
  since: string | undefined,
  done: (changes: Note[]) => boolean,
  limit = 100,
): Promise<{ changes: Note[]; cursor: string }> {
  const changes: Note[] = []
  let cursor = since
  for (;;) {
    const page = await notesOf(account).changes({ limit, ...(cursor ? { since: cursor } : {}) })
    changes.push(...page.changes)
    cursor = page.cursor
    if (page.hasMore) continue
    if (done(changes)) return { changes, cursor }
    throw new Error(
      `the feed did not deliver what was expected; got ${JSON.stringify(ids(changes))}`,
    )
  }
}

/** Reads the feed, failing unless every one of `expected` has come (in any order). */
const pollFor = (
  account: Account,
  since: string | undefined,
  expected: readonly string[],
  limit?: number,
) =>
  pollUntil(account, since, (changes) => expected.every((id) => ids(changes).includes(id)), limit)

describe('notes.changes', () => {
  it('hands out every note on the first sync, once each, trashed ones included, in their latest state', async () => {
    const ada = await signUp(h)
    const plain = await notesOf(ada).create({ title: 'plain', tags: ['a'] })
    const edited = await notesOf(ada).create({ title: 'to edit' })
    const trashed = await notesOf(ada).create({ title: 'to trash' })
    const restored = await notesOf(ada).create({ title: 'to restore' })
    await notesOf(ada).update({ id: edited.id, version: 1, content: 'edited' })
    await notesOf(ada).delete({ id: trashed.id })
    await notesOf(ada).delete({ id: restored.id })
    await notesOf(ada).restore({ id: restored.id })
    await notesOf(bob).create({ title: 'Bob, meanwhile' })

    const all = [plain, edited, trashed, restored].map((n) => n.id)
    const { changes } = await pollFor(ada, undefined, all)
    expect([...ids(changes)].sort()).toEqual([...all].sort())
    for (const change of changes) expect(change).toEqual(await notesOf(ada).get({ id: change.id }))
    const byId = new Map(changes.map((c) => [c.id, c]))
    expect(byId.get(trashed.id)?.deletedAt).toEqual(expect.any(String))
    expect(byId.get(restored.id)).toMatchObject({ deletedAt: null, version: 3 })
    expect(byId.get(edited.id)).toMatchObject({ content: 'edited', version: 2 })
  })

  it('answers an empty page and the same cursor when nothing has changed', async () => {
    const ada = await signUp(h)
    const note = await notesOf(ada).create({ title: 'only one' })
    const { cursor } = await pollFor(ada, undefined, [note.id])
    for (let i = 0; i < 3; i++) {
      expect(await notesOf(ada).changes({ since: cursor })).toEqual({
        changes: [],
        purged: [],
        cursor,
        hasMore: false,
      })
    }
    // Another user's writes are not a change for this one.
    await notesOf(bob).create({ title: 'not Ada’s' })
    expect(await notesOf(ada).changes({ since: cursor })).toEqual({
      changes: [],
      purged: [],
      cursor,
      hasMore: false,
    })
  })

  it('gives a user without notes a cursor that later picks up their first note', async () => {
    const ada = await signUp(h)
    const empty = await notesOf(ada).changes()
    expect(empty).toEqual({ changes: [], purged: [], cursor: expect.any(String), hasMore: false })
    expect(await notesOf(ada).changes({ since: empty.cursor })).toEqual({
      changes: [],
      purged: [],
      cursor: empty.cursor,
      hasMore: false,
    })
    const note = await notesOf(ada).create({ title: 'first' })
    const { changes } = await pollFor(ada, empty.cursor, [note.id])
    expect(changes).toEqual([note])
  })

  it('hands an edited, trashed or restored note out again, once, in its new state', async () => {
    const ada = await signUp(h)
    const note = await notesOf(ada).create({ title: 'tracked', tags: ['x'] })
    const other = await notesOf(ada).create({ title: 'untouched' })
    let { cursor } = await pollFor(ada, undefined, [note.id, other.id])

    const steps = [
      () => notesOf(ada).update({ id: note.id, version: 1, tags: ['y'] }),
      () => notesOf(ada).delete({ id: note.id }),
      () => notesOf(ada).restore({ id: note.id }),
    ]
    for (const step of steps) {
      const written = await step()
      const next = await pollFor(ada, cursor, [note.id])
      expect(next.changes).toEqual([written])
      cursor = next.cursor
    }
    expect(await notesOf(ada).changes({ since: cursor })).toEqual({
      changes: [],
      purged: [],
      cursor,
      hasMore: false,
    })
  })

  it('pages through many changes with limit and hasMore, in write order', async () => {
    const ada = await signUp(h)
    const start = (await notesOf(ada).changes()).cursor
    const created: string[] = []
    for (let i = 0; i < 25; i++) created.push((await notesOf(ada).create({ title: `n${i}` })).id)
    await pollFor(ada, start, created)

    const pages: RouterOutputs['notes']['changes'][] = []
    let cursor = start
    do {
      const page = await notesOf(ada).changes({ since: cursor, limit: 10 })
      pages.push(page)
      cursor = page.cursor
    } while (pages.at(-1)?.hasMore && pages.length < 10)
    expect(pages.map((p) => [p.changes.length, p.hasMore])).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ])
    expect(pages.flatMap((p) => ids(p.changes))).toEqual(created)
  })

  it('pages through many changes written by one transaction without losing or repeating any', async () => {
    const ada = await signUp(h)
    const start = (await notesOf(ada).changes()).cursor
    // One statement writes all 130 rows: each takes its own position, in the order written.
    const { rows } = await sql<{ id: string }>`
      insert into notes (user_id, title)
      select ${ada.id}, 'bulk ' || i from generate_series(1, 130) as i
      returning id`.execute(h.db.kysely)
    const inserted = rows.map((r) => r.id)
    await pollFor(ada, start, inserted, 500)

    const byDefault = await notesOf(ada).changes({ since: start })
    expect(byDefault.changes).toHaveLength(100)
    expect(byDefault.hasMore).toBe(true)

    const seen: string[] = []
    let cursor = start
    let pages = 0
    for (;;) {
      const page = await notesOf(ada).changes({ since: cursor, limit: 40 })
      seen.push(...ids(page.changes))
      cursor = page.cursor
      pages++
      if (!page.hasMore) break
    }
    expect(pages).toBe(4)
    expect(seen).toEqual(inserted)
  })

  it('never hands out another user’s changes', async () => {
    const ada = await signUp(h)
    const mine = await notesOf(ada).create({ title: 'mine' })
    const theirs = await notesOf(bob).create({ title: 'theirs' })
    await notesOf(bob).update({ id: theirs.id, version: 1, content: 'edited' })
    const { changes } = await pollFor(ada, undefined, [mine.id])
    expect(ids(changes)).toEqual([mine.id])
    const bobs = await pollFor(bob, undefined, [theirs.id])
    expect(ids(bobs.changes)).not.toContain(mine.id)
  })

  it.each([[0], [501], [1.5], [-3]])('refuses limit %j as VALIDATION_FAILED', async (limit) => {
    const error = await expectAppError(notesOf(bob).changes({ limit }), 'VALIDATION_FAILED', 400)
    expect(error.data.fieldErrors).toHaveProperty('limit')
  })

  describe('a bad since', () => {
    let ada: Account
    /** A real cursor of Ada's, decoded: `c2.` + base64url JSON of [feed position, owner]. */
    let seq: string
    let rest: unknown[]
    /** Ada's real cursor with some of its parts replaced. */
    const forge = (parts: { seq?: unknown; rest?: unknown[] }) =>
      `c2.${b64([parts.seq ?? seq, ...(parts.rest ?? rest)])}`
    beforeAll(async () => {
      ada = await signUp(h)
      const note = await notesOf(ada).create({ title: 'anchor' })
      const { cursor } = await pollFor(ada, undefined, [note.id])
      ;[seq, ...rest] = JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString('utf8'))
      // The forged cursors below are only meaningful while the real one round-trips.
      expect(forge({})).toBe(cursor)
    })

    it.each([
      ['abc', () => 'abc'],
      ['a bare prefix', () => 'c2.'],
      ['base64 of junk', () => `c2.${Buffer.from('\u0001junk').toString('base64url')}`],
      ['another JSON shape', () => `c2.${b64({ seq: '1' })}`],
      ['a non-numeric position', () => forge({ seq: 'x' })],
      ['a position as a number', () => forge({ seq: 1 })],
      ['a negative position', () => forge({ seq: '-1' })],
      ['a position past bigint', () => forge({ seq: '9223372036854775808' })],
      ['a position of 20 nines', () => forge({ seq: '99999999999999999999' })],
      ['SQL in the position', () => forge({ seq: '1) or true --' })],
      ['a missing owner', () => `c2.${b64([seq])}`],
      ['a forged owner', () => forge({ rest: ['AAAAAAAAAAAAAAAA'] })],
      [
        'a first-form cursor of someone else',
        () => `c1.${b64(['1', ZERO_ID, 'AAAAAAAAAAAAAAAA'])}`,
      ],
      ['a page cursor of notes.list', () => b64(['2024-01-01 10:00:00+00', ZERO_ID])],
    ])('refuses %s as 400 INVALID_CURSOR', async (_, since) => {
      await expectAppError(notesOf(ada).changes({ since: since() }), 'INVALID_CURSOR', 400)
    })

    it('expires a position ahead of the feed (a database restored from a backup)', async () => {
      const since = forge({ seq: '9223372036854775807' })
      await expectAppError(notesOf(ada).changes({ since }), 'CURSOR_EXPIRED', 400)
    })

    it('expires a cursor of the first form (by transaction id), so the device syncs again', async () => {
      const since = `c1.${b64(['1234', ZERO_ID, ...rest])}`
      await expectAppError(notesOf(ada).changes({ since }), 'CURSOR_EXPIRED', 400)
    })

    it('refuses another user’s cursor, so a device that switched accounts starts over', async () => {
      const adaCursor = (await notesOf(ada).changes()).cursor
      await expectAppError(notesOf(bob).changes({ since: adaCursor }), 'INVALID_CURSOR', 400)
      const bobCursor = (await notesOf(bob).changes()).cursor
      await expectAppError(notesOf(ada).changes({ since: bobCursor }), 'INVALID_CURSOR', 400)
    })
  })
})
