import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'

let h: TestHarness
let ada: Account
let bob: Account
beforeAll(async () => {
  h = await createTestHarness()
  ada = await signUp(h)
  bob = await signUp(h)
})
afterAll(() => h.close())

const notesOf = (account: Account) => h.caller({ token: account.token }).notes

async function countNotes(id: string): Promise<number> {
  const rows = await h.db.kysely.selectFrom('notes').select('id').where('id', '=', id).execute()
  return rows.length
}

describe('notes.create with a client-made id', () => {
  it('creates the note under that id', async () => {
    const id = crypto.randomUUID()
    const note = await notesOf(ada).create({ id, title: 'Mine', tags: ['a'] })
    expect(note).toMatchObject({ id, title: 'Mine', tags: ['a'], version: 1 })
  })

  it('returns the note already made when the same user sends the id again', async () => {
    const id = crypto.randomUUID()
    const first = await notesOf(ada).create({ id, title: 'First try', content: 'x' })
    const again = await notesOf(ada).create({ id, title: 'Retry', content: 'y' })
    expect(again).toEqual(first)
    expect(await countNotes(id)).toBe(1)
  })

  it('returns the note as it is now, edited or trashed', async () => {
    const id = crypto.randomUUID()
    const note = await notesOf(ada).create({ id, title: 'Draft' })
    await notesOf(ada).update({ id, version: note.version, title: 'Edited' })
    const trashed = await notesOf(ada).delete({ id })
    expect(await notesOf(ada).create({ id, title: 'Draft' })).toEqual(trashed)
  })

  it('is 409 NOTE_ID_TAKEN for an id another user holds, and leaves that note alone', async () => {
    const id = crypto.randomUUID()
    const note = await notesOf(ada).create({ id, title: "Ada's" })
    await expectAppError(notesOf(bob).create({ id, title: "Bob's" }), 'NOTE_ID_TAKEN', 409)
    expect(await notesOf(ada).get({ id })).toEqual(note)
    await expectAppError(notesOf(bob).get({ id }), 'NOTE_NOT_FOUND', 404)
  })

  it('refuses an id that is not a UUID', async () => {
    await expectAppError(
      notesOf(ada).create({ id: 'note-1', title: 'x' }),
      'VALIDATION_FAILED',
      400,
    )
  })

  it('makes one note of eight concurrent creates with one id, and all get it', async () => {
    const id = crypto.randomUUID()
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => notesOf(ada).create({ id, title: `writer ${i}` })),
    )
    expect(await countNotes(id)).toBe(1)
    const stored = await notesOf(ada).get({ id })
    for (const result of results) expect(result).toEqual(stored)
  })

  it('gives exactly one of two users racing for one id the note; the other gets 409', async () => {
    const id = crypto.randomUUID()
    const outcomes = await Promise.allSettled([
      notesOf(ada).create({ id, title: 'Ada races' }),
      notesOf(bob).create({ id, title: 'Bob races' }),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    const lost = outcomes.find((o) => o.status === 'rejected')
    expect(lost).toBeDefined()
    await expectAppError(Promise.reject((lost as PromiseRejectedResult).reason), 'NOTE_ID_TAKEN')
    expect(await countNotes(id)).toBe(1)
  })
})
