import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpired } from '../src'
import { createTestHarness, type TestHarness } from '../src/testing'
import { eventually, expectAppError, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

type Notes = ReturnType<TestHarness['caller']>['notes']
type Feed = Awaited<ReturnType<Notes['changes']>>

/**
 * The feed after `since` once `done` holds. The feed hands out a write only when every older
 * transaction on the server has ended, and on a shared PostgreSQL other test files' transactions
 * count too: a purge can take a moment to show.
 */
async function feedUntil(
  notes: Notes,
  since: string,
  done: (feed: Feed) => boolean,
): Promise<Feed> {
  let feed = await notes.changes({ since })
  await eventually(async () => {
    feed = await notes.changes({ since })
    return done(feed)
  })
  return feed
}

async function notesOf() {
  const account = await signUp(h)
  return { account, notes: h.caller({ token: account.token }).notes }
}

describe('notes.purge', () => {
  it('deletes a trashed note for good', async () => {
    const { notes } = await notesOf()
    const note = await notes.create({ title: 'gone soon' })
    await notes.delete({ id: note.id })
    expect(await notes.purge({ id: note.id })).toEqual({ ok: true })
    await expectAppError(notes.get({ id: note.id }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(notes.restore({ id: note.id }), 'NOTE_NOT_FOUND', 404)
    expect((await notes.list({ trashed: true })).items).toEqual([])
  })

  it('refuses a live note with NOT_IN_TRASH, and keeps it', async () => {
    const { notes } = await notesOf()
    const note = await notes.create({ title: 'still here' })
    await expectAppError(notes.purge({ id: note.id }), 'NOT_IN_TRASH', 409)
    expect((await notes.get({ id: note.id })).title).toBe('still here')
  })

  it("is 404 for someone else's trashed note, and leaves it alone", async () => {
    const ada = await notesOf()
    const bob = await notesOf()
    const note = await ada.notes.create({ title: "ada's" })
    await ada.notes.delete({ id: note.id })
    await expectAppError(bob.notes.purge({ id: note.id }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(bob.notes.purge({ id: crypto.randomUUID() }), 'NOTE_NOT_FOUND', 404)
    expect((await ada.notes.get({ id: note.id })).deletedAt).not.toBeNull()
  })
})

describe('notes.emptyTrash', () => {
  it('purges every trashed note of the caller, and nothing else', async () => {
    const ada = await notesOf()
    const bob = await notesOf()
    const keep = await ada.notes.create({ title: 'live' })
    for (const title of ['a', 'b', 'c']) {
      const note = await ada.notes.create({ title })
      await ada.notes.delete({ id: note.id })
    }
    const bobs = await bob.notes.create({ title: "bob's trash" })
    await bob.notes.delete({ id: bobs.id })

    expect(await ada.notes.emptyTrash()).toEqual({ purged: 3 })
    expect(await ada.notes.emptyTrash()).toEqual({ purged: 0 })
    expect((await ada.notes.list({ trashed: true })).items).toEqual([])
    expect((await ada.notes.list()).items.map((n) => n.id)).toEqual([keep.id])
    expect((await bob.notes.list({ trashed: true })).items.map((n) => n.id)).toEqual([bobs.id])
  })
})

describe('notes.changes after a purge', () => {
  it('reports the purged ids to a device that synced before, and only to the owner', async () => {
    const ada = await notesOf()
    const bob = await notesOf()
    const note = await ada.notes.create({ title: 'synced' })
    const other = await ada.notes.create({ title: 'stays' })
    const synced = await ada.notes.changes()
    expect(synced.changes.map((n) => n.id).toSorted()).toEqual([note.id, other.id].toSorted())
    const bobSynced = await bob.notes.changes()

    await ada.notes.delete({ id: note.id })
    await ada.notes.purge({ id: note.id })
    const next = await feedUntil(ada.notes, synced.cursor, (f) => f.purged.length > 0)
    expect(next.purged).toEqual([note.id])
    expect(next.changes).toEqual([])
    // Caught up: nothing more until something changes.
    expect(await ada.notes.changes({ since: next.cursor })).toMatchObject({
      changes: [],
      purged: [],
    })
    expect((await bob.notes.changes({ since: bobSynced.cursor })).purged).toEqual([])
  })

  it('pages purges and changes in one order, each exactly once', async () => {
    const { notes } = await notesOf()
    const start = await notes.changes()
    const ids: string[] = []
    for (let i = 0; i < 7; i++) ids.push((await notes.create({ title: `n${i}` })).id)
    for (const id of ids.slice(0, 4)) await notes.delete({ id })
    await notes.emptyTrash()
    const changed: string[] = []
    const purged: string[] = []
    let since = start.cursor
    await eventually(async () => {
      const feed = await notes.changes({ since, limit: 2 })
      changed.push(...feed.changes.map((n) => n.id))
      purged.push(...feed.purged)
      since = feed.cursor
      return purged.length + changed.length >= ids.length && !feed.hasMore
    })
    expect(purged.toSorted()).toEqual(ids.slice(0, 4).toSorted())
    expect(changed.toSorted()).toEqual(ids.slice(4).toSorted())
  })
})

describe('maintenance', () => {
  it('purges notes trashed over 30 days ago, leaving tombstones, and keeps younger trash', async () => {
    const { notes } = await notesOf()
    const old = await notes.create({ title: 'old trash' })
    const young = await notes.create({ title: 'young trash' })
    await notes.delete({ id: old.id })
    await notes.delete({ id: young.id })
    const synced = await notes.changes()
    await h.db.kysely
      .updateTable('notes')
      .set({ deleted_at: sql<Date>`now() - interval '31 days'` })
      .where('id', '=', old.id)
      .execute()
    await h.db.kysely
      .updateTable('notes')
      .set({ deleted_at: sql<Date>`now() - interval '29 days'` })
      .where('id', '=', young.id)
      .execute()

    const purged = await purgeExpired(h.deps)
    expect(purged.trashedNotes).toBeGreaterThanOrEqual(1)
    await expectAppError(notes.get({ id: old.id }), 'NOTE_NOT_FOUND', 404)
    expect((await notes.get({ id: young.id })).id).toBe(young.id)
    const feed = await feedUntil(notes, synced.cursor, (f) => f.purged.includes(old.id))
    expect(feed.purged).toContain(old.id)
  })

  it('prunes tombstones over 90 days old, and then expires cursors from before them', async () => {
    const { notes } = await notesOf()
    const note = await notes.create({ title: 'ancient' })
    const before = await notes.changes()
    await notes.delete({ id: note.id })
    await notes.purge({ id: note.id })
    const after = await feedUntil(notes, before.cursor, (f) => f.purged.length > 0)
    expect(after.purged).toEqual([note.id])

    await h.db.kysely
      .updateTable('note_tombstones')
      .set({ purged_at: sql<Date>`now() - interval '91 days'` })
      .where('note_id', '=', note.id)
      .execute()
    const counts = await purgeExpired(h.deps)
    expect(counts.tombstones).toBeGreaterThanOrEqual(1)

    // The device that synced before the purge can no longer learn of it: sync from scratch.
    await expectAppError(notes.changes({ since: before.cursor }), 'CURSOR_EXPIRED', 400)
    // One that synced after it goes on; a full sync (no cursor) always works.
    expect((await notes.changes({ since: after.cursor })).purged).toEqual([])
    expect((await notes.changes()).purged).toEqual([])
  })
})
