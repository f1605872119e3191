import { expect, it } from 'vitest'
import { device, serverNotes, signUp, useListeningServer } from './support'

const server = useListeningServer()

it('keeps edits made while a push is in flight, and pushes them in the same run', async () => {
  const phone = device(server, await signUp(server))
  const note = await phone.engine.create({ title: 'Typing', content: 'zero' })
  await phone.engine.sync()

  await phone.engine.update(note.id, { content: 'one' })
  const update = phone.network.hold('notes.update')
  const run = phone.engine.sync()
  await update.reached // the server has 'one'; the device does not know yet
  await phone.engine.update(note.id, { content: 'two' })
  const draft = await phone.engine.create({ title: 'Meanwhile' })
  update.release()
  await run

  expect(await phone.server.notes.get.query({ id: note.id })).toMatchObject({
    content: 'two',
    version: 3,
  })
  expect((await serverNotes(phone.server)).map((n) => n.id).toSorted()).toEqual(
    [note.id, draft.id].toSorted(),
  )
  expect(phone.engine.getState()).toMatchObject({ pending: 0, conflicts: [], syncing: false })
  expect((await phone.store.getNote(note.id))?.content).toBe('two')
})

it('keeps edits made while a pull is in flight, over what the pull brings', async () => {
  const token = await signUp(server)
  const phone = device(server, token)
  const laptop = device(server, token)
  const note = await phone.engine.create({ title: 'Shared', content: 'start' })
  await phone.engine.sync()
  await laptop.engine.sync()
  await laptop.engine.update(note.id, { title: 'Renamed on the laptop' })
  await laptop.engine.sync()

  const pull = phone.network.hold('notes.changes')
  const run = phone.engine.sync()
  await pull.reached
  await phone.engine.update(note.id, { content: 'typed during the pull' })
  pull.release()
  await run
  // The edit went out after the pull, merged with the laptop's rename: both sides have both.
  expect(phone.engine.getState()).toMatchObject({ pending: 0, conflicts: [] })
  const onServer = await phone.server.notes.get.query({ id: note.id })
  expect(onServer).toMatchObject({
    title: 'Renamed on the laptop',
    content: 'typed during the pull',
  })
  expect(await phone.store.getNote(note.id)).toEqual(onServer)
})
