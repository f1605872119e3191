import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'
import { ids, type ListInput, newestFirst, noteFixtures } from './notes-fixtures'

let h: TestHarness
/** Someone else, whose notes and tags must never show up in another user's results. */
let bob: Account
beforeAll(async () => {
  h = await createTestHarness()
  bob = await signUp(h, { name: 'Bob' })
  for (const tag of ['work', 'home', 'work']) {
    await notesOf(bob).create({ title: `Bob running ${tag}`, content: 'garden run', tags: [tag] })
  }
})
afterAll(() => h?.close())

const { notesOf, seed, allPages } = noteFixtures(() => h)

describe('notes.list filters', () => {
  it('filters by tag, normalising the tag asked for', async () => {
    const ada = await signUp(h)
    const [a, b, , d] = await seed(ada, 5, (i) => ({
      tags: [['work', 'urgent'], ['work'], ['home'], ['work'], []][i]!,
    }))
    await notesOf(ada).delete({ id: d!.id })
    expect(ids((await notesOf(ada).list({ tag: 'work' })).items)).toEqual([b!.id, a!.id])
    expect(ids((await notesOf(ada).list({ tag: '  WORK ' })).items)).toEqual([b!.id, a!.id])
    expect(ids((await notesOf(ada).list({ tag: 'urgent' })).items)).toEqual([a!.id])
    expect(ids((await notesOf(ada).list({ tag: 'work', trashed: true })).items)).toEqual([d!.id])
    // A tag is matched whole, not as a prefix, and another user's tags do not count.
    expect((await notesOf(ada).list({ tag: 'wor' })).items).toEqual([])
    expect((await notesOf(ada).list({ tag: 'nothing' })).items).toEqual([])
  })

  it('follows a note’s tags as they are edited', async () => {
    const ada = await signUp(h)
    const note = await notesOf(ada).create({ title: 'Retagged', tags: ['before'] })
    await notesOf(ada).update({ id: note.id, version: 1, tags: ['after'] })
    expect((await notesOf(ada).list({ tag: 'before' })).items).toEqual([])
    expect(ids((await notesOf(ada).list({ tag: 'after' })).items)).toEqual([note.id])
  })

  it('shows only live notes by default and only trashed ones with trashed: true', async () => {
    const ada = await signUp(h)
    const notes = await seed(ada, 5)
    await notesOf(ada).delete({ id: notes[1]!.id })
    await notesOf(ada).delete({ id: notes[3]!.id })

    const live = await notesOf(ada).list()
    expect(ids(live.items)).toEqual([notes[4]!.id, notes[2]!.id, notes[0]!.id])
    expect(live.items.every((n) => n.deletedAt === null)).toBe(true)
    expect(ids((await notesOf(ada).list({ trashed: false })).items)).toEqual(ids(live.items))

    const trash = await notesOf(ada).list({ trashed: true })
    // The trash is newest-trashed first: notes[3] went last.
    expect(ids(trash.items)).toEqual([notes[3]!.id, notes[1]!.id])
    expect(trash.items.every((n) => n.deletedAt !== null)).toBe(true)

    await notesOf(ada).restore({ id: notes[1]!.id })
    expect(ids((await notesOf(ada).list({ trashed: true })).items)).toEqual([notes[3]!.id])
    expect((await notesOf(ada).list()).items[0]?.id).toBe(notes[1]!.id)
  })
})

describe('notes.list search', () => {
  let ada: Account
  let s: Record<'run' | 'training' | 'fox' | 'dog' | 'cat' | 'barks' | 'trashedRun', string>
  beforeAll(async () => {
    ada = await signUp(h)
    const notes = await seed(
      ada,
      7,
      (i) =>
        [
          { title: 'Morning run', content: 'Five kilometres along the river.' },
          { title: 'Training log', content: 'I went running with the club today.' },
          { title: 'Shopping', content: 'The quick brown fox needs oat milk.' },
          { title: 'Zoo', content: 'A brown, quick dog and a lazy cat.' },
          { title: 'Pets', content: 'The cat sat on the mat.' },
          { title: 'Dogs', content: 'My neighbour’s terrier barks at the postman.' },
          { title: 'Old run', content: 'Running in the rain.' },
        ][i]!,
    )
    const [run, training, fox, dog, cat, barks, trashedRun] = ids(notes) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    s = { run, training, fox, dog, cat, barks, trashedRun }
    await notesOf(ada).delete({ id: trashedRun })
  })

  const found = async (search: string, extra: ListInput = {}) =>
    ids((await notesOf(ada).list({ search, limit: 100, ...extra })).items).sort()
  const sorted = (...list: string[]) => [...list].sort()

  it('stems English words: running finds run, and run finds running', async () => {
    expect(await found('running')).toEqual(sorted(s.run, s.training))
    expect(await found('run')).toEqual(sorted(s.run, s.training))
    expect(await found('RUNS')).toEqual(sorted(s.run, s.training))
  })

  it('searches titles and contents', async () => {
    expect(await found('training')).toEqual([s.training])
    expect(await found('river')).toEqual([s.run])
    expect(await found('dogs')).toEqual(sorted(s.dog, s.barks))
  })

  it('matches a quoted phrase only in that order', async () => {
    expect(await found('"quick brown"')).toEqual([s.fox])
    expect(await found('quick brown')).toEqual(sorted(s.fox, s.dog))
  })

  it('excludes -words and accepts or', async () => {
    expect(await found('cat -lazy')).toEqual([s.cat])
    expect(await found('cat or fox')).toEqual(sorted(s.fox, s.dog, s.cat))
    // `-brown` binds to its neighbour, as in web search: cat or (fox and not brown).
    expect(await found('cat or fox -brown')).toEqual(sorted(s.dog, s.cat))
    expect(await found('fox or dog -brown')).toEqual(sorted(s.fox, s.barks))
  })

  it('searches the trash with trashed: true, and never another user’s notes', async () => {
    expect(await found('running', { trashed: true })).toEqual([s.trashedRun])
    expect(await found('garden')).toEqual([])
  })

  it('treats a blank search as no search', async () => {
    expect((await notesOf(ada).list({ search: '   ', limit: 100 })).items).toHaveLength(6)
  })

  it.each([
    ["'; drop table notes; --"],
    ["run'; drop table notes; --"],
    ['&|!():*'],
    ['!!'],
    ['a & | b'],
    ['(run'],
    ['run)'],
    ['"unbalanced'],
    ['unbalanced"'],
    ['"'],
    ['""'],
    ['\\'],
    ['run\\'],
    ['\\"run'],
    ['-'],
    ['--run'],
    ['or'],
    ['or or -or'],
    ['run:*'],
    ['run <-> cat'],
    ['the'],
    ['x'.repeat(500)],
    ['run '.repeat(125)],
    ['🏃‍♀️ 🐶 💩'],
    ['🏃 running'],
    ['\u0000'],
    ['run\u0000cat'],
    ['\ud800'],
    ['$1'],
    ['%_'],
    ['NULL'],
    ['\u202e\u200b'],
  ])('answers the hostile search %j with a page, never an error', async (search) => {
    const page = await notesOf(ada).list({ search, limit: 100 })
    expect(Array.isArray(page.items)).toBe(true)
    for (const note of page.items) expect(note.deletedAt).toBeNull()
  })

  it('still finds real words around hostile characters', async () => {
    expect(await found('"running')).toEqual(sorted(s.run, s.training))
    expect(await found('running\\')).toEqual(sorted(s.run, s.training))
    expect(await found('🏃 running')).toEqual(sorted(s.run, s.training))
    expect(await found('run '.repeat(125))).toEqual(sorted(s.run, s.training))
    expect(await found('run\u0000')).toEqual(sorted(s.run, s.training))
  })

  it('keeps the table intact after hostile input', async () => {
    await notesOf(ada).list({ search: "'); delete from notes; --" })
    expect((await notesOf(ada).list({ limit: 100 })).items).toHaveLength(6)
  })

  it('refuses a search over 500 characters as VALIDATION_FAILED', async () => {
    const error = await expectAppError(
      notesOf(ada).list({ search: 'x'.repeat(501) }),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors).toHaveProperty('search')
  })

  it('combines search, tag and cursor', async () => {
    const carol = await signUp(h)
    const notes = await seed(carol, 10, (i) => ({
      // 0..4: garden + home (the matches); 5,6: garden only; 7,8: home only; 9: neither.
      content: i < 7 ? 'planting the gardens' : 'something else',
      tags: i < 5 || i === 7 || i === 8 ? ['home'] : ['misc'],
    }))
    const pages = await allPages(carol, { search: 'garden', tag: 'home', limit: 2 })
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1])
    expect(pages.flatMap((p) => ids(p.items))).toEqual(newestFirst(notes.slice(0, 5)))
  })
})

describe('notes.tags', () => {
  it('counts the tags of live notes only, most used first, then by name', async () => {
    const ada = await signUp(h)
    const tagSets = [
      ['work', 'urgent'],
      ['work', 'home'],
      ['home'],
      ['zeta', 'alpha'],
      ['work'],
      ['only-in-trash', 'home'],
    ]
    const notes = await seed(ada, tagSets.length, (i) => ({ tags: tagSets[i]! }))
    await notesOf(ada).delete({ id: notes[4]!.id })
    await notesOf(ada).delete({ id: notes[5]!.id })

    expect(await notesOf(ada).tags()).toEqual([
      { tag: 'home', count: 2 },
      { tag: 'work', count: 2 },
      { tag: 'alpha', count: 1 },
      { tag: 'urgent', count: 1 },
      { tag: 'zeta', count: 1 },
    ])

    // Restoring, editing and trashing move the counts with them.
    await notesOf(ada).restore({ id: notes[4]!.id })
    await notesOf(ada).update({ id: notes[3]!.id, version: 1, tags: ['alpha', 'home'] })
    await notesOf(ada).delete({ id: notes[0]!.id })
    expect(await notesOf(ada).tags()).toEqual([
      { tag: 'home', count: 3 },
      { tag: 'work', count: 2 },
      { tag: 'alpha', count: 1 },
    ])
  })

  it('is empty for a user without tags and never shows another user’s', async () => {
    const ada = await signUp(h)
    expect(await notesOf(ada).tags()).toEqual([])
    await notesOf(ada).create({ title: 'untagged' })
    expect(await notesOf(ada).tags()).toEqual([])
    expect(await notesOf(bob).tags()).toEqual([
      { tag: 'work', count: 2 },
      { tag: 'home', count: 1 },
    ])
  })
})
