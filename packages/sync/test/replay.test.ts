import { expect, it } from 'vitest'
import { createMemoryStore } from '../src'
import { device, serverNotes, signUp, syncUntil, useListeningServer } from './support'

const server = useListeningServer()

it('retries a create whose answer was lost without making a second note', async () => {
  const phone = device(server, await signUp(server))
  const note = await phone.engine.create({ title: 'Once', content: 'only once' })
  phone.network.loseResponseOf('notes.create')
  await expect(phone.engine.sync()).rejects.toThrow()
  // The server made it; the device never heard.
  expect((await serverNotes(phone.server)).map((n) => n.id)).toEqual([note.id])
  expect(phone.engine.getState().pending).toBe(1)

  // An edit meanwhile queues on its own: the create may have landed, so it is not rewritten.
  await phone.engine.update(note.id, { content: 'edited while unsure' })
  expect(phone.engine.getState().pending).toBe(2)
  await phone.engine.sync()
  const notes = await serverNotes(phone.server)
  expect(notes).toHaveLength(1)
  expect(notes[0]).toMatchObject({ id: note.id, content: 'edited while unsure', version: 2 })
  expect(phone.engine.getState()).toMatchObject({ pending: 0, conflicts: [] })
  expect(phone.network.sent('notes.create')).toBe(2)
})

it('retries an update whose answer was lost without a false conflict', async () => {
  const phone = device(server, await signUp(server))
  const note = await phone.engine.create({ title: 'Edited', tags: ['a'] })
  await phone.engine.sync()
  await phone.engine.update(note.id, { content: 'second', tags: ['A', 'b'] })
  phone.network.loseResponseOf('notes.update')
  await expect(phone.engine.sync()).rejects.toThrow()
  expect(await phone.server.notes.get.query({ id: note.id })).toMatchObject({
    content: 'second',
    version: 2,
  })

  await phone.engine.sync()
  const notes = await serverNotes(phone.server)
  expect(notes).toHaveLength(1)
  // Counted as done: not applied twice, and no conflict copy.
  expect(notes[0]).toMatchObject({ content: 'second', tags: ['a', 'b'], version: 2 })
  expect(phone.engine.getState()).toMatchObject({ pending: 0, conflicts: [], errors: [] })
  expect(await phone.store.getNote(note.id)).toEqual(notes[0])
})

it('goes on after a crash between push and pull, with a new engine on the same store', async () => {
  const token = await signUp(server)
  const store = createMemoryStore()
  const before = device(server, token, { store })
  const laptop = device(server, token)
  const mine = await before.engine.create({ title: 'Pushed, never pulled' })
  const theirs = await laptop.engine.create({ title: 'From the laptop' })
  await laptop.engine.sync()

  before.network.blocked = 'notes.changes' // the process dies once the push is done
  await expect(before.engine.sync()).rejects.toThrow()
  expect(before.engine.getState().pending).toBe(0)
  expect((await store.getNote(mine.id))?.version).toBe(1)
  expect(await store.getMeta()).toEqual({ cursor: null, lastSyncedAt: null })

  const after = device(server, token, { store })
  const notes = await syncUntil(after, (local) => local.some((n) => n.id === theirs.id))
  expect(notes.map((n) => n.id).toSorted()).toEqual([mine.id, theirs.id].toSorted())
  expect(await serverNotes(after.server)).toHaveLength(2)
  expect(after.engine.getState()).toMatchObject({ pending: 0, errors: [] })
})

it('replays an op a crash left in flight, once', async () => {
  const token = await signUp(server)
  const store = createMemoryStore()
  const before = device(server, token, { store })
  const note = await before.engine.create({ title: 'In flight' })
  await before.engine.sync()
  await before.engine.update(note.id, { title: 'In flight, edited' })
  before.network.loseResponseOf('notes.update') // sent, applied, and the app died
  await expect(before.engine.sync()).rejects.toThrow()

  const after = device(server, token, { store })
  await after.engine.sync()
  expect(await after.server.notes.get.query({ id: note.id })).toMatchObject({
    title: 'In flight, edited',
    version: 2,
  })
  expect(await serverNotes(after.server)).toHaveLength(1)
  expect(after.engine.getState()).toMatchObject({ pending: 0, conflicts: [] })
})
