import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouterInputs } from '../src/root'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'

let h: TestHarness
let ada: Account
let bob: Account
beforeAll(async () => {
  h = await createTestHarness()
  ;[ada, bob] = await Promise.all([signUp(h, { name: 'Ada' }), signUp(h, { name: 'Bob' })])
})
afterAll(() => h?.close())

type CreateInput = RouterInputs['notes']['create']
type UpdateInput = RouterInputs['notes']['update']

const notesOf = (account: Account) => h.caller({ token: account.token }).notes

/** `n` distinct tags: `t0`, `t1`, … */
const distinctTags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('notes.create', () => {
  it('returns the stored note in the contract shape, with defaults', async () => {
    const note = await notesOf(ada).create({ title: 'Groceries' })
    expect(note).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Groceries',
      content: '',
      tags: [],
      version: 1,
      createdAt: expect.stringMatching(ISO_UTC),
      updatedAt: note.createdAt,
      deletedAt: null,
    })
    expect(Object.keys(note).sort()).toEqual(
      ['content', 'createdAt', 'deletedAt', 'id', 'tags', 'title', 'updatedAt', 'version'].sort(),
    )
    expect(await notesOf(ada).get({ id: note.id })).toEqual(note)
  })

  it('trims the title but keeps content exactly as sent', async () => {
    const content = '  indented\n\n  lines  \n'
    const note = await notesOf(ada).create({ title: '  Trip to Lisbon \n', content })
    expect(note.title).toBe('Trip to Lisbon')
    expect(note.content).toBe(content)
  })

  it('trims, lower-cases and de-duplicates tags, keeping first-seen order', async () => {
    const note = await notesOf(ada).create({
      title: 'Tagged',
      tags: [' Work ', 'ideas', 'WORK', 'work', '\tIdeas\n', 'Home'],
    })
    expect(note.tags).toEqual(['work', 'ideas', 'home'])
    expect((await notesOf(ada).get({ id: note.id })).tags).toEqual(['work', 'ideas', 'home'])
  })

  it('counts the tag limit after de-duplication', async () => {
    // 21 entries, but `T0` and `t0` are the same tag: 20 distinct ones are allowed.
    const note = await notesOf(ada).create({
      title: 'Many tags',
      tags: ['T0', ...distinctTags(20)],
    })
    expect(note.tags).toEqual(distinctTags(20))
  })

  it('accepts every limit exactly at its boundary', async () => {
    const note = await notesOf(ada).create({
      title: 'x'.repeat(200),
      content: 'y'.repeat(100_000),
      tags: ['a'.repeat(32), ...distinctTags(19)],
    })
    expect(note.title).toHaveLength(200)
    expect(note.content).toHaveLength(100_000)
    expect(note.tags).toHaveLength(20)
    expect(note.tags[0]).toBe('a'.repeat(32))
    const stored = await notesOf(ada).get({ id: note.id })
    expect(stored.content).toBe('y'.repeat(100_000))
  })

  it('measures limits after trimming', async () => {
    const note = await notesOf(ada).create({
      title: `  ${'x'.repeat(200)}  `,
      tags: [`  ${'B'.repeat(32)}  `],
    })
    expect(note.title).toBe('x'.repeat(200))
    expect(note.tags).toEqual(['b'.repeat(32)])
  })

  it.each([
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title'],
    ['an empty title', { title: '' }, 'title'],
    ['a title of only spaces', { title: '   \n\t ' }, 'title'],
    ['a missing title', { content: 'no title' }, 'title'],
    ['content of 100001 characters', { title: 't', content: 'y'.repeat(100_001) }, 'content'],
    ['21 distinct tags', { title: 't', tags: distinctTags(21) }, 'tags'],
    ['a tag of 33 characters', { title: 't', tags: ['ok', 'a'.repeat(33)] }, 'tags'],
    ['an empty tag', { title: 't', tags: ['ok', ''] }, 'tags'],
    ['a tag of only spaces', { title: 't', tags: ['   '] }, 'tags'],
    ['tags that are not a list', { title: 't', tags: 'work' }, 'tags'],
    ['a NUL character in the title', { title: 'a\u0000b' }, 'title'],
    ['a NUL character in the content', { title: 't', content: 'a\u0000b' }, 'content'],
    ['a NUL character in a tag', { title: 't', tags: ['a\u0000b'] }, 'tags'],
  ])('refuses %s as VALIDATION_FAILED on that field', async (_, input, field) => {
    const before = await h.db.kysely
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    // Deliberately malformed: the type would not let it through.
    const error = await expectAppError(
      notesOf(ada).create(input as unknown as CreateInput),
      'VALIDATION_FAILED',
      400,
    )
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual([field])
    const after = await h.db.kysely
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toEqual(before.n)
  })
})

describe('notes.get', () => {
  it('returns the caller’s own note, trashed ones included', async () => {
    const note = await notesOf(ada).create({ title: 'Mine', content: 'body', tags: ['x'] })
    expect(await notesOf(ada).get({ id: note.id })).toEqual(note)
    const trashed = await notesOf(ada).delete({ id: note.id })
    expect(await notesOf(ada).get({ id: note.id })).toEqual(trashed)
  })

  it('answers another user’s note exactly like an unknown one: 404 NOTE_NOT_FOUND', async () => {
    const note = await notesOf(ada).create({ title: 'Private' })
    const foreign = await expectAppError(notesOf(bob).get({ id: note.id }), 'NOTE_NOT_FOUND', 404)
    const unknown = await expectAppError(
      notesOf(bob).get({ id: randomUUID() }),
      'NOTE_NOT_FOUND',
      404,
    )
    expect(foreign.message).toBe(unknown.message)
    expect(foreign.message).not.toContain('Private')
  })

  it.each([['not-a-uuid'], [''], ["1' or '1'='1"], [`${randomUUID()}x`]])(
    'refuses the id %j as VALIDATION_FAILED on id',
    async (id) => {
      const error = await expectAppError(notesOf(ada).get({ id }), 'VALIDATION_FAILED', 400)
      expect(error.data.fieldErrors).toHaveProperty('id')
    },
  )
})

describe('notes.update', () => {
  it('applies the edit, bumps the version and updatedAt, keeps createdAt', async () => {
    const note = await notesOf(ada).create({ title: 'Draft', content: 'one', tags: ['a'] })
    const edited = await notesOf(ada).update({
      id: note.id,
      version: 1,
      title: '  Final  ',
      content: 'two',
      tags: [' B ', 'b'],
    })
    expect(edited).toMatchObject({
      id: note.id,
      title: 'Final',
      content: 'two',
      tags: ['b'],
      version: 2,
    })
    expect(edited.createdAt).toBe(note.createdAt)
    expect(edited.updatedAt > note.updatedAt).toBe(true)
    expect(await notesOf(ada).get({ id: note.id })).toEqual(edited)
  })

  it('keeps every field that the edit leaves out', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Keep', content: 'body', tags: ['one', 'two'] })
    const v2 = await notes.update({ id: note.id, version: 1, content: 'new body' })
    expect(v2).toMatchObject({
      title: 'Keep',
      content: 'new body',
      tags: ['one', 'two'],
      version: 2,
    })
    const v3 = await notes.update({ id: note.id, version: 2, tags: [] })
    expect(v3).toMatchObject({ title: 'Keep', content: 'new body', tags: [], version: 3 })
    const v4 = await notes.update({ id: note.id, version: 3, title: 'Kept' })
    expect(v4).toMatchObject({ title: 'Kept', content: 'new body', tags: [], version: 4 })
    const v5 = await notes.update({ id: note.id, version: 4, content: '' })
    expect(v5).toMatchObject({ title: 'Kept', content: '', tags: [], version: 5 })
  })

  it('refuses a stale version with 409 VERSION_CONFLICT and changes nothing', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Contended', content: 'v1' })
    const fromPhone = await notes.update({ id: note.id, version: 1, content: 'phone' })
    await expectAppError(
      notes.update({ id: note.id, version: 1, content: 'laptop' }),
      'VERSION_CONFLICT',
      409,
    )
    // A version from the future is no better than a stale one.
    await expectAppError(
      notes.update({ id: note.id, version: 3, content: 'laptop' }),
      'VERSION_CONFLICT',
      409,
    )
    await expectAppError(
      notes.update({ id: note.id, version: 2_147_483_647, content: 'x' }),
      'VERSION_CONFLICT',
      409,
    )
    expect(await notes.get({ id: note.id })).toEqual(fromPhone)
    // With the current version the edit goes through.
    const fromLaptop = await notes.update({ id: note.id, version: 2, content: 'laptop' })
    expect(fromLaptop).toMatchObject({ content: 'laptop', version: 3 })
  })

  it('answers another user’s note with 404 NOTE_NOT_FOUND even with the right version, and leaves it alone', async () => {
    const note = await notesOf(ada).create({ title: 'Ada’s', content: 'secret' })
    await expectAppError(
      notesOf(bob).update({ id: note.id, version: 1, content: 'pwned' }),
      'NOTE_NOT_FOUND',
      404,
    )
    await expectAppError(
      notesOf(bob).update({ id: note.id, version: 2, content: 'pwned' }),
      'NOTE_NOT_FOUND',
      404,
    )
    expect(await notesOf(ada).get({ id: note.id })).toEqual(note)
  })

  it('answers an unknown id with 404 NOTE_NOT_FOUND', async () => {
    await expectAppError(
      notesOf(ada).update({ id: randomUUID(), version: 1, title: 'x' }),
      'NOTE_NOT_FOUND',
      404,
    )
  })

  it('edits a note in the trash without taking it out', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Binned' })
    const trashed = await notes.delete({ id: note.id })
    const edited = await notes.update({
      id: note.id,
      version: trashed.version,
      content: 'still here',
    })
    expect(edited).toMatchObject({
      content: 'still here',
      deletedAt: trashed.deletedAt,
      version: trashed.version + 1,
    })
  })

  it.each([
    ['version 0', { version: 0 }, 'version'],
    ['a negative version', { version: -1 }, 'version'],
    ['a fractional version', { version: 1.5 }, 'version'],
    ['a version past the integer range', { version: 2 ** 31 }, 'version'],
    ['a version as text', { version: '1' }, 'version'],
    ['a missing version', { version: undefined }, 'version'],
    ['a title of 201 characters', { version: 1, title: 'x'.repeat(201) }, 'title'],
    ['an emptied title', { version: 1, title: '  ' }, 'title'],
    ['content of 100001 characters', { version: 1, content: 'y'.repeat(100_001) }, 'content'],
    ['21 tags', { version: 1, tags: distinctTags(21) }, 'tags'],
    ['a NUL character in the content', { version: 1, content: '\u0000' }, 'content'],
  ])('refuses %s as VALIDATION_FAILED on that field', async (_, patch, field) => {
    const note = await notesOf(ada).create({ title: 'Untouched' })
    const error = await expectAppError(
      notesOf(ada).update({ id: note.id, ...patch } as unknown as UpdateInput),
      'VALIDATION_FAILED',
      400,
    )
    expect(Object.keys(error.data.fieldErrors ?? {})).toEqual([field])
    expect(await notesOf(ada).get({ id: note.id })).toEqual(note)
  })
})

describe('notes.delete and notes.restore', () => {
  it('moves a note to the trash and back, bumping version and updatedAt each time', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Round trip', content: 'c', tags: ['t'] })

    const trashed = await notes.delete({ id: note.id })
    expect(trashed).toMatchObject({
      id: note.id,
      title: 'Round trip',
      content: 'c',
      tags: ['t'],
      version: 2,
    })
    expect(trashed.deletedAt).toMatch(ISO_UTC)
    expect(trashed.updatedAt > note.updatedAt).toBe(true)
    expect(trashed.createdAt).toBe(note.createdAt)

    const restored = await notes.restore({ id: note.id })
    expect(restored).toMatchObject({
      id: note.id,
      deletedAt: null,
      version: 3,
      title: 'Round trip',
      tags: ['t'],
    })
    expect(restored.updatedAt > trashed.updatedAt).toBe(true)
    expect(await notes.get({ id: note.id })).toEqual(restored)
  })

  it('is idempotent: a second delete or restore changes nothing', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Twice' })
    const trashed = await notes.delete({ id: note.id })
    expect(await notes.delete({ id: note.id })).toEqual(trashed)
    expect(await notes.get({ id: note.id })).toEqual(trashed)

    const restored = await notes.restore({ id: note.id })
    expect(await notes.restore({ id: note.id })).toEqual(restored)
    expect(await notes.get({ id: note.id })).toEqual(restored)
  })

  it('restores a note that was never trashed as it is', async () => {
    const note = await notesOf(ada).create({ title: 'Live' })
    expect(await notesOf(ada).restore({ id: note.id })).toEqual(note)
  })

  it('moves updatedAt forward on every write', async () => {
    const notes = notesOf(ada)
    const note = await notes.create({ title: 'Busy' })
    const writes = [note]
    for (let i = 0; i < 4; i++) {
      writes.push(await notes.delete({ id: note.id }))
      writes.push(await notes.restore({ id: note.id }))
      const last = writes.at(-1)!
      writes.push(await notes.update({ id: note.id, version: last.version, content: `v${i}` }))
    }
    const stamps = writes.map((n) => n.updatedAt)
    for (let i = 1; i < stamps.length; i++)
      expect(stamps[i]! > stamps[i - 1]!, `write ${i}: ${stamps[i]} after ${stamps[i - 1]}`).toBe(
        true,
      )
    expect(writes.map((n) => n.version)).toEqual(
      Array.from({ length: writes.length }, (_, i) => i + 1),
    )
  })

  it('answers another user’s note with 404 NOTE_NOT_FOUND and leaves it alone', async () => {
    const live = await notesOf(ada).create({ title: 'Live one' })
    const binned = await notesOf(ada).delete({
      id: (await notesOf(ada).create({ title: 'Binned one' })).id,
    })
    await expectAppError(notesOf(bob).delete({ id: live.id }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(notesOf(bob).restore({ id: binned.id }), 'NOTE_NOT_FOUND', 404)
    // Even the no-op direction must not reveal that the note exists.
    await expectAppError(notesOf(bob).restore({ id: live.id }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(notesOf(bob).delete({ id: binned.id }), 'NOTE_NOT_FOUND', 404)
    expect(await notesOf(ada).get({ id: live.id })).toEqual(live)
    expect(await notesOf(ada).get({ id: binned.id })).toEqual(binned)
  })

  it('answers an unknown or malformed id', async () => {
    await expectAppError(notesOf(ada).delete({ id: randomUUID() }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(notesOf(ada).restore({ id: randomUUID() }), 'NOTE_NOT_FOUND', 404)
    await expectAppError(notesOf(ada).delete({ id: 'nope' }), 'VALIDATION_FAILED', 400)
    await expectAppError(notesOf(ada).restore({ id: 'nope' }), 'VALIDATION_FAILED', 400)
  })
})

describe('without a session', () => {
  it('refuses every notes procedure with 401 NOT_AUTHENTICATED', async () => {
    const note = await notesOf(ada).create({ title: 'Guarded' })
    for (const caller of [h.caller(), h.caller({ token: 'not-a-session-token' })]) {
      const calls: [string, Promise<unknown>][] = [
        ['create', caller.notes.create({ title: 'x' })],
        ['get', caller.notes.get({ id: note.id })],
        ['list', caller.notes.list({})],
        ['update', caller.notes.update({ id: note.id, version: 1, title: 'x' })],
        ['delete', caller.notes.delete({ id: note.id })],
        ['restore', caller.notes.restore({ id: note.id })],
        ['tags', caller.notes.tags()],
        ['changes', caller.notes.changes({})],
      ]
      for (const [name, call] of calls) {
        const error = await expectAppError(call, 'NOT_AUTHENTICATED', 401)
        expect(error.data.code, name).toBe('UNAUTHORIZED')
      }
    }
    expect(await notesOf(ada).get({ id: note.id })).toEqual(note)
  })

  it('refuses a session that has ended', async () => {
    const carol = await signUp(h, { name: 'Carol' })
    await notesOf(carol).create({ title: 'Before logout' })
    await h.caller({ token: carol.token }).auth.logout()
    await expectAppError(notesOf(carol).list({}), 'NOT_AUTHENTICATED', 401)
    await expectAppError(notesOf(carol).create({ title: 'After logout' }), 'NOT_AUTHENTICATED', 401)
  })
})
