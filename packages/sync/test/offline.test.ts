import { expect, it } from 'vitest'
import type { SyncState } from '../src'
import { device, serverNotes, signUp, useListeningServer } from './support'

const server = useListeningServer()

it('keeps writes made offline, and pushes them in order on reconnect', async () => {
  const phone = device(server, await signUp(server))
  const states: SyncState[] = []
  phone.engine.subscribe((state) => states.push(state))
  phone.network.offline = true

  const draft = await phone.engine.create({ title: ' Groceries ', tags: ['Food', 'food '] })
  expect(draft).toMatchObject({ title: 'Groceries', content: '', tags: ['food'], version: 0 })
  await phone.engine.update(draft.id, { content: 'milk' })
  await phone.engine.update(draft.id, { content: 'milk, eggs' })
  const old = await phone.engine.create({ title: 'Old list', content: 'done' })
  await phone.engine.trash(old.id)
  // The edits joined the create; the trash is its own write.
  expect(phone.engine.getState().pending).toBe(3)

  await expect(phone.engine.sync()).rejects.toThrow()
  expect(phone.engine.getState()).toMatchObject({
    pending: 3,
    online: false,
    syncing: false,
    error: { kind: 'network' },
  })
  expect(await serverNotes(phone.server)).toEqual([])

  phone.network.offline = false
  await phone.engine.sync()
  expect(phone.engine.getState()).toMatchObject({ pending: 0, online: true, error: null })
  expect(phone.engine.getState().lastSyncedAt).not.toBeNull()
  const onServer = await serverNotes(phone.server)
  expect(onServer.map((n) => [n.id, n.title, n.content, n.deletedAt !== null]).toSorted()).toEqual(
    [
      [draft.id, 'Groceries', 'milk, eggs', false],
      [old.id, 'Old list', 'done', true],
    ].toSorted(),
  )
  // The local copies are the server's now.
  for (const note of onServer) expect(await phone.store.getNote(note.id)).toEqual(note)
  expect(states.some((s) => s.syncing)).toBe(true)
  expect(states.at(-1)?.syncing).toBe(false)
})

it('restores, purges and cancels locally, and the server follows', async () => {
  const phone = device(server, await signUp(server))
  const kept = await phone.engine.create({ title: 'Kept' })
  const gone = await phone.engine.create({ title: 'Gone' })
  await phone.engine.sync()

  phone.network.offline = true
  await phone.engine.trash(kept.id)
  await phone.engine.restore(kept.id) // cancels the trash that never left
  expect(phone.engine.getState().pending).toBe(0)
  await phone.engine.trash(gone.id)
  await phone.engine.purge(gone.id)
  // Never pushed: a local note purged before its create left just goes.
  const never = await phone.engine.create({ title: 'Never sent' })
  await phone.engine.trash(never.id)
  await phone.engine.purge(never.id)
  await expect(phone.engine.purge(kept.id)).rejects.toThrow('trash first')
  await expect(phone.engine.update(crypto.randomUUID(), { title: 'x' })).rejects.toThrow()
  expect(phone.engine.getState().pending).toBe(2)

  phone.network.offline = false
  await phone.engine.sync()
  expect((await serverNotes(phone.server)).map((n) => n.id)).toEqual([kept.id])
  expect((await phone.store.listNotes()).map((n) => n.id)).toEqual([kept.id])

  await phone.engine.trash(kept.id)
  await phone.engine.sync()
  await phone.engine.restore(kept.id)
  await phone.engine.sync()
  expect((await phone.server.notes.get.query({ id: kept.id })).deletedAt).toBeNull()
})
