import { expect, it } from 'vitest'
import type { Note } from '../src'
import { device, serverNotes, signUp, syncUntil, useListeningServer } from './support'

const server = useListeningServer()

/** Two devices of one user that both have `note` synced. */
async function twoDevicesWithNote(title: string) {
  const token = await signUp(server)
  const phone = device(server, token)
  const laptop = device(server, token)
  const note = await phone.engine.create({ title, content: 'first draft', tags: ['work'] })
  await phone.engine.sync()
  await syncUntil(laptop, (notes) => notes.some((n) => n.id === note.id))
  return { phone, laptop, note }
}

const byId = (notes: Note[], id: string) => notes.find((n) => n.id === id)

it('merges edits of different fields made on two devices from the same version', async () => {
  const { phone, laptop, note } = await twoDevicesWithNote('Plan')
  phone.network.offline = true
  laptop.network.offline = true
  await phone.engine.update(note.id, { title: 'Plan for Monday' })
  await laptop.engine.update(note.id, { content: 'call the bank', tags: ['work', 'todo'] })
  // A tag both sides added and one removed on the phone merge as sets.
  await phone.engine.update(note.id, { tags: ['todo', 'urgent'] })

  phone.network.offline = false
  laptop.network.offline = false
  await phone.engine.sync()
  await laptop.engine.sync()

  const merged = await laptop.server.notes.get.query({ id: note.id })
  expect(merged).toMatchObject({
    title: 'Plan for Monday',
    content: 'call the bank',
    tags: ['todo', 'urgent'],
    version: 3,
  })
  expect(await serverNotes(laptop.server)).toHaveLength(1)
  expect(laptop.engine.getState()).toMatchObject({ pending: 0, conflicts: [], errors: [] })
  expect(byId(await laptop.store.listNotes(), note.id)).toEqual(merged)
  const phoneNotes = await syncUntil(phone, (notes) => byId(notes, note.id)?.version === 3)
  expect(byId(phoneNotes, note.id)).toEqual(merged)
})

it('keeps both versions when two devices change the same field', async () => {
  const { phone, laptop, note } = await twoDevicesWithNote('Essay')
  phone.network.offline = true
  laptop.network.offline = true
  await phone.engine.update(note.id, { content: 'the phone version' })
  await laptop.engine.update(note.id, { content: 'the laptop version' })

  phone.network.offline = false
  laptop.network.offline = false
  await phone.engine.sync()
  await laptop.engine.sync()

  // The server's note stays as the phone pushed it; the laptop's edit is a new note.
  const notes = await serverNotes(laptop.server)
  expect(notes).toHaveLength(2)
  expect(byId(notes, note.id)).toMatchObject({ content: 'the phone version', version: 2 })
  const copy = notes.find((n) => n.id !== note.id)
  expect(copy).toMatchObject({
    title: 'Essay (conflict)',
    content: 'the laptop version',
    tags: ['work'],
  })
  expect(laptop.engine.getState().conflicts).toEqual([copy?.id])
  expect((await laptop.store.listNotes()).toSorted((a, b) => a.id.localeCompare(b.id))).toEqual(
    notes.toSorted((a, b) => a.id.localeCompare(b.id)),
  )
  laptop.engine.clearConflicts()
  expect(laptop.engine.getState().conflicts).toEqual([])
  await syncUntil(phone, (local) => local.length === 2)
})

it('drops a note another device purged, and keeps an edit to it as a copy', async () => {
  const { phone, laptop, note } = await twoDevicesWithNote('Temporary')
  const other = await phone.engine.create({ title: 'Edited on the laptop' })
  await phone.engine.sync()
  await syncUntil(laptop, (notes) => notes.some((n) => n.id === other.id))

  laptop.network.offline = true
  await laptop.engine.update(other.id, { content: 'an edit the phone never saw' })
  await expect(laptop.engine.sync()).rejects.toThrow() // may have left: the next edit is its own op
  await laptop.engine.update(other.id, { tags: ['kept'] })
  expect(laptop.engine.getState().pending).toBe(2)
  await phone.engine.trash(note.id)
  await phone.engine.trash(other.id)
  await phone.engine.sync()
  await phone.engine.purge(note.id)
  await phone.engine.purge(other.id)
  await phone.engine.sync()
  expect(await phone.store.listNotes()).toEqual([])

  laptop.network.offline = false
  const notes = await syncUntil(laptop, (local) => !local.some((n) => n.id === note.id))
  expect(notes.some((n) => n.id === other.id)).toBe(false)
  // Both edits, kept together as one new note.
  const copies = notes.filter((n) => n.title === 'Edited on the laptop (conflict)')
  expect(copies).toMatchObject([{ content: 'an edit the phone never saw', tags: ['kept'] }])
  const [copy] = copies
  await laptop.engine.sync()
  expect((await serverNotes(laptop.server)).map((n) => n.id)).toEqual([copy?.id])
})

it('keeps a refused edit to a note purged elsewhere as a copy, still shown as refused', async () => {
  const { phone, laptop, note } = await twoDevicesWithNote('Long')
  await laptop.engine.update(note.id, { content: 'z'.repeat(100_001) })
  await laptop.engine.sync()
  expect(laptop.engine.getState().errors).toMatchObject([{ kind: 'update', noteId: note.id }])

  await phone.engine.trash(note.id)
  await phone.engine.sync()
  await phone.engine.purge(note.id)
  await phone.engine.sync()

  const notes = await syncUntil(laptop, (local) => !local.some((n) => n.id === note.id))
  const copy = notes.find((n) => n.title === 'Long (conflict)')
  expect(copy?.content).toHaveLength(100_001)
  expect(laptop.engine.getState()).toMatchObject({
    pending: 0,
    conflicts: [copy?.id],
    errors: [{ kind: 'create', noteId: copy?.id, appCode: 'VALIDATION_FAILED' }],
  })
})
