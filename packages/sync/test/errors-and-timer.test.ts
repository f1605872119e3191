import { createClient } from '@inkwell/client'
import { expect, it } from 'vitest'
import { createMemoryStore, createSyncEngine } from '../src'
import { backoffDelay } from '../src/engine'
import { device, serverNotes, signUp, syncUntil, useListeningServer } from './support'

const server = useListeningServer()

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

it('parks a write the server refuses, without blocking the ones after it', async () => {
  const phone = device(server, await signUp(server))
  const bad = await phone.engine.create({ title: 'x'.repeat(201) })
  const good = await phone.engine.create({ title: 'Fine' })
  await phone.engine.sync()
  expect((await serverNotes(phone.server)).map((n) => n.id)).toEqual([good.id])
  const [error] = phone.engine.getState().errors
  expect(error).toMatchObject({ noteId: bad.id, kind: 'create', appCode: 'VALIDATION_FAILED' })
  expect(error?.fieldErrors?.title).toBeDefined()
  expect(phone.engine.getState().pending).toBe(0)

  // Fixing the note queues it again.
  await phone.engine.update(bad.id, { title: 'Shorter' })
  expect(phone.engine.getState()).toMatchObject({ pending: 1, errors: [] })
  await phone.engine.sync()
  expect((await serverNotes(phone.server)).map((n) => n.title).toSorted()).toEqual([
    'Fine',
    'Shorter',
  ])

  // A refused edit: retried as it is (refused again), then discarded, back to the server's.
  await phone.engine.update(good.id, { content: 'y'.repeat(100_001) })
  await phone.engine.sync()
  const seq = phone.engine.getState().errors[0]?.seq ?? -1
  await phone.engine.retry(seq)
  expect(phone.engine.getState().pending).toBe(1)
  await phone.engine.sync()
  expect(phone.engine.getState().errors).toHaveLength(1)
  await phone.engine.discard(seq)
  expect(phone.engine.getState()).toMatchObject({ pending: 0, errors: [] })
  expect((await phone.store.getNote(good.id))?.content).toBe('')

  // A refused create, discarded: its note goes.
  const worse = await phone.engine.create({ title: ' ' })
  await phone.engine.sync()
  await phone.engine.discard(phone.engine.getState().errors[0]?.seq ?? -1)
  expect(await phone.store.getNote(worse.id)).toBeUndefined()
  await phone.engine.discard(12345) // nothing parked there: nothing happens
})

it('holds the edits of a refused create with it, so fixing the note fixes the create', async () => {
  const phone = device(server, await signUp(server))
  phone.network.offline = true
  const bad = await phone.engine.create({ title: 'x'.repeat(201) })
  await expect(phone.engine.sync()).rejects.toThrow() // sent, as far as the device knows
  await phone.engine.update(bad.id, { content: 'kept' })
  await phone.engine.trash(bad.id)
  phone.network.offline = false
  await phone.engine.sync()
  // The trash waits behind the refused create; the edit joined it.
  expect(phone.engine.getState()).toMatchObject({ pending: 1, errors: [{ kind: 'create' }] })
  expect(await serverNotes(phone.server)).toEqual([])

  await phone.engine.update(bad.id, { title: 'Fixed' })
  await phone.engine.sync()
  expect(await serverNotes(phone.server)).toMatchObject([
    { id: bad.id, title: 'Fixed', content: 'kept', deletedAt: expect.any(String) },
  ])
  expect(phone.engine.getState()).toMatchObject({ pending: 0, errors: [] })
})

it('keeps a purge that another device overtook with a restore, and says so', async () => {
  const token = await signUp(server)
  const phone = device(server, token)
  const laptop = device(server, token)
  const note = await phone.engine.create({ title: 'Wanted after all' })
  await phone.engine.trash(note.id)
  await phone.engine.sync()
  await syncUntil(laptop, (notes) => notes.some((n) => n.deletedAt !== null))
  await laptop.engine.restore(note.id)
  await laptop.engine.sync()

  await phone.engine.purge(note.id)
  await phone.engine.sync()
  expect(phone.engine.getState().errors).toMatchObject([{ kind: 'purge', appCode: 'NOT_IN_TRASH' }])
  expect(await phone.store.getNote(note.id)).toMatchObject({ deletedAt: null })
  expect((await phone.server.notes.get.query({ id: note.id })).deletedAt).toBeNull()
})

it('refuses to sync without a valid session, and keeps the queue', async () => {
  const store = createMemoryStore()
  const engine = createSyncEngine({
    client: createClient({ url: server.url(), token: 'not-a-session' }),
    store,
  })
  await engine.create({ title: 'Waiting' })
  await expect(engine.sync()).rejects.toThrow()
  expect(engine.getState()).toMatchObject({
    pending: 1,
    online: true,
    error: { kind: 'auth', appCode: 'NOT_AUTHENTICATED' },
  })
})

it('syncs on start, backs off while offline, and catches up when the network returns', async () => {
  const phone = device(server, await signUp(server), {
    intervalMs: 60_000,
    backoffBaseMs: 10,
    backoffMaxMs: 50,
  })
  phone.network.offline = true
  await phone.engine.create({ title: 'Written on the train' })
  phone.engine.start()
  phone.engine.start() // idempotent
  await until(() => phone.network.sent('') === 0 && phone.engine.getState().error !== null)
  expect(phone.engine.getState()).toMatchObject({ online: false, pending: 1 })

  phone.network.offline = false
  await until(() => phone.engine.getState().pending === 0)
  expect(phone.engine.getState()).toMatchObject({ online: true, error: null })

  // Offline as the platform says: no requests until it says online again.
  phone.engine.setOnline(false)
  expect(phone.engine.getState().online).toBe(false)
  await phone.engine.create({ title: 'Not yet' })
  const sent = phone.network.sent('')
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(phone.network.sent('')).toBe(sent)
  phone.engine.setOnline(true)
  await until(() => phone.engine.getState().pending === 0)
  expect(await serverNotes(phone.server)).toHaveLength(2)

  // A write while started and healthy goes out soon, without waiting for the interval.
  await phone.engine.create({ title: 'Right away' })
  await until(async () => (await serverNotes(phone.server)).length === 3)
  phone.engine.stop()
})

it('shares one run between concurrent syncs, and runs once more for a call made during one', async () => {
  const phone = device(server, await signUp(server))
  await phone.engine.create({ title: 'One' })
  const first = phone.engine.sync()
  const second = phone.engine.sync()
  const third = phone.engine.sync()
  expect(second).toBe(third)
  await Promise.all([first, second])
  expect(phone.network.sent('notes.create')).toBe(1)
  expect(phone.engine.getState().pending).toBe(0)
})

it('waits longer after each failure, up to the cap, with jitter', () => {
  for (let failures = 1; failures < 40; failures++) {
    const ceiling = Math.min(60_000, 1_000 * 2 ** (failures - 1))
    const delay = backoffDelay(failures, 1_000, 60_000)
    expect(delay).toBeGreaterThanOrEqual(ceiling / 2)
    expect(delay).toBeLessThanOrEqual(ceiling)
  }
})
