import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'
import { ids, type ListInput, type Note, newestFirst, noteFixtures } from './notes-fixtures'

let h: TestHarness
/** Someone else, with notes of their own that must never show up in another user's lists. */
let bob: Account
let bobsNotes: Note[]
beforeAll(async () => {
  h = await createTestHarness()
  bob = await signUp(h, { name: 'Bob' })
  bobsNotes = []
  for (const tag of ['work', 'home', 'work']) {
    bobsNotes.push(
      await notesOf(bob).create({
        title: `Bob running ${tag}`,
        content: 'garden run',
        tags: [tag],
      }),
    )
  }
})
afterAll(() => h?.close())

const { notesOf, backdate, seed, allPages } = noteFixtures(() => h)

describe('notes.list paging', () => {
  it('pages newest first, with no duplicates and no gaps across pages', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 10)
    const pages = await allPages(ada, { limit: 3 })
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 3, 1])
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, false, true])
    expect(pages.flatMap((p) => ids(p.items))).toEqual(newestFirst(notes))
    for (const note of pages.flatMap((p) => p.items)) expect(ids(bobsNotes)).not.toContain(note.id)
  })

  it('ends without an empty trailing page when the notes fill the last page exactly', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 6)
    const pages = await allPages(ada, { limit: 3 })
    expect(pages.map((p) => p.items.length)).toEqual([3, 3])
    expect(pages[1]?.nextCursor).toBeNull()
    expect(pages.flatMap((p) => ids(p.items))).toEqual(newestFirst(notes))
  })

  it('returns 20 notes by default, and an empty page for a user with no notes', async () => {
    const ada = await signUp(h)
    expect(await notesOf(ada).list()).toEqual({ items: [], nextCursor: null })
    const notes = await seed(ada, 21)
    const first = await notesOf(ada).list({})
    expect(ids(first.items)).toEqual(newestFirst(notes).slice(0, 20))
    expect(first.nextCursor).not.toBeNull()
    const second = await notesOf(ada).list({ cursor: first.nextCursor! })
    expect(ids(second.items)).toEqual([notes[0]!.id])
    expect(second.nextCursor).toBeNull()
  })

  it.each([[0], [101], [2.5], [-1]])('refuses limit %j as VALIDATION_FAILED', async (limit) => {
    const error = await expectAppError(notesOf(bob).list({ limit }), 'VALIDATION_FAILED', 400)
    expect(error.data.fieldErrors).toHaveProperty('limit')
  })

  it('does not show or shift for a note created between pages', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 8)
    const expected = newestFirst(notes)
    const first = await notesOf(ada).list({ limit: 3 })
    expect(ids(first.items)).toEqual(expected.slice(0, 3))

    const fresh = await notesOf(ada).create({ title: 'written while paging' })
    const second = await notesOf(ada).list({ limit: 3, cursor: first.nextCursor! })
    const third = await notesOf(ada).list({ limit: 3, cursor: second.nextCursor! })
    expect(ids(second.items)).toEqual(expected.slice(3, 6))
    expect(ids(third.items)).toEqual(expected.slice(6))
    expect(third.nextCursor).toBeNull()

    // It is there for whoever starts again.
    expect((await notesOf(ada).list({ limit: 3 })).items[0]?.id).toBe(fresh.id)
  })

  it('moves a note edited between pages to the front and never repeats it', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 9)
    const [n0, n1, n2, n3, n4, n5, n6, n7, n8] = notes.map((n) => n.id)
    const first = await notesOf(ada).list({ limit: 3 })
    expect(ids(first.items)).toEqual([n8, n7, n6])

    // One note already seen, one not yet reached.
    await notesOf(ada).update({ id: n7!, version: 1, content: 'edited after page 1' })
    await notesOf(ada).update({ id: n1!, version: 1, content: 'edited after page 1' })

    const second = await notesOf(ada).list({ limit: 3, cursor: first.nextCursor! })
    const third = await notesOf(ada).list({ limit: 3, cursor: second.nextCursor! })
    expect(ids(second.items)).toEqual([n5, n4, n3])
    expect(ids(third.items)).toEqual([n2, n0])
    expect(third.nextCursor).toBeNull()

    const seen = [...first.items, ...second.items, ...third.items].map((n) => n.id)
    expect(new Set(seen).size).toBe(seen.length)

    const restart = await notesOf(ada).list({ limit: 3 })
    expect(new Set(ids(restart.items).slice(0, 2))).toEqual(new Set([n1, n7]))
    expect(restart.items[2]?.id).toBe(n8)
  })

  it('drops a note trashed between pages without shifting the rest', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 7)
    const expected = newestFirst(notes)
    const first = await notesOf(ada).list({ limit: 3 })
    await notesOf(ada).delete({ id: expected[4]! })
    const rest = await notesOf(ada).list({ limit: 10, cursor: first.nextCursor! })
    expect(ids(rest.items)).toEqual(expected.slice(3).filter((id) => id !== expected[4]))
  })

  it('breaks ties on equal updatedAt by id, across page boundaries', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 9)
    // Notes 2..7 were last written at the very same microsecond.
    const tied = notes.slice(2, 8)
    for (const note of tied) await backdate(note.id, '2020-01-01T00:03:30.123456Z')
    const tiedByIdDesc = ids(tied).sort().reverse()
    const expected = [notes[8]!.id, ...tiedByIdDesc, notes[1]!.id, notes[0]!.id]

    for (const limit of [1, 2, 4, 5]) {
      const pages = await allPages(ada, { limit })
      expect(
        pages.flatMap((p) => ids(p.items)),
        `limit ${limit}`,
      ).toEqual(expected)
    }
  })
})

describe('notes.list cursors', () => {
  const b64 = (value: unknown) =>
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
  let ada: Account
  beforeAll(async () => {
    ada = await signUp(h)
    await seed(ada, 5, (i) => ({ title: `garden ${i}`, tags: ['a'] }))
    await notesOf(ada).delete({ id: (await notesOf(ada).list({ limit: 1 })).items[0]!.id })
    await notesOf(ada).delete({ id: (await notesOf(ada).list({ limit: 1 })).items[0]!.id })
  })

  it.each([
    ['abc', 'abc'],
    ['base64 of junk', b64('\u0001\u0002 not json at all')],
    ['base64 of other JSON', b64({ updatedAt: '2020-01-01', id: randomUUID() })],
    ['a timestamp that is not one', b64(['yesterday', randomUUID()])],
    ['an impossible date', b64(['2024-02-30 10:00:00+00', randomUUID()])],
    ['an impossible time', b64(['2024-01-01 25:61:61+00', randomUUID()])],
    ['an impossible offset', b64(['2024-01-01 10:00:00+99', randomUUID()])],
    ['year zero', b64(['0000-01-01 00:00:00+00', randomUUID()])],
    ['an id that is not a uuid', b64(['2024-01-01 10:00:00+00', 'x'])],
    ['SQL in the id', b64(['2024-01-01 10:00:00+00', "' or 1=1 --"])],
    [
      'a sync cursor of the first form',
      'c1.WyIwIiwiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl0',
    ],
    ['a sync cursor', 'c2.WyIwIiwiQUFBQUFBQUFBQUFBQUFBQSJd'],
    ['a dot and junk', '.abc'],
    ['a long junk string', `x.${'y'.repeat(400)}`],
  ])('refuses %s as 400 INVALID_CURSOR', async (_, cursor) => {
    await expectAppError(notesOf(ada).list({ cursor }), 'INVALID_CURSOR', 400)
  })

  it('refuses a well-formed cursor with a bad timestamp, whatever list it is fed to', async () => {
    // Take a real cursor and swap its sort key for an impossible one.
    const page = await notesOf(ada).list({ limit: 1 })
    const [scope] = page.nextCursor!.split('.')
    const forged = `${scope}.${b64(['2024-13-45 10:00:00+00', randomUUID()])}`
    await expectAppError(notesOf(ada).list({ limit: 1, cursor: forged }), 'INVALID_CURSOR', 400)
  })

  it('refuses a cursor from another filter', async () => {
    const cursorOf = async (input: ListInput) => {
      const page = await notesOf(ada).list({ ...input, limit: 1 })
      expect(page.nextCursor).not.toBeNull()
      return page.nextCursor!
    }
    const live = await cursorOf({})
    const trash = await cursorOf({ trashed: true })
    const tagged = await cursorOf({ tag: 'a' })
    const searched = await cursorOf({ search: 'garden' })

    await expectAppError(notesOf(ada).list({ cursor: trash }), 'INVALID_CURSOR', 400)
    await expectAppError(notesOf(ada).list({ cursor: live, trashed: true }), 'INVALID_CURSOR', 400)
    await expectAppError(notesOf(ada).list({ cursor: tagged }), 'INVALID_CURSOR', 400)
    await expectAppError(notesOf(ada).list({ cursor: tagged, tag: 'b' }), 'INVALID_CURSOR', 400)
    await expectAppError(notesOf(ada).list({ cursor: live, tag: 'a' }), 'INVALID_CURSOR', 400)
    await expectAppError(notesOf(ada).list({ cursor: searched }), 'INVALID_CURSOR', 400)
    await expectAppError(
      notesOf(ada).list({ cursor: searched, search: 'other' }),
      'INVALID_CURSOR',
      400,
    )
    await expectAppError(
      notesOf(ada).list({ cursor: live, search: 'garden' }),
      'INVALID_CURSOR',
      400,
    )

    // The same filter, however it is spelled, and another page size are fine.
    await expect(
      notesOf(ada).list({ cursor: tagged, tag: ' A ', limit: 5 }),
    ).resolves.toMatchObject({ items: expect.any(Array) })
    await expect(
      notesOf(ada).list({ cursor: searched, search: ' garden ' }),
    ).resolves.toMatchObject({ items: expect.any(Array) })
    await expect(
      notesOf(ada).list({ cursor: trash, trashed: true, limit: 100 }),
    ).resolves.toMatchObject({ items: expect.any(Array) })
  })

  it('refuses a cursor from another user', async () => {
    const adaCursor = (await notesOf(ada).list({ limit: 1 })).nextCursor!
    await expectAppError(notesOf(bob).list({ cursor: adaCursor }), 'INVALID_CURSOR', 400)
    const bobCursor = (await notesOf(bob).list({ limit: 1 })).nextCursor!
    await expectAppError(notesOf(ada).list({ cursor: bobCursor }), 'INVALID_CURSOR', 400)
  })
})
