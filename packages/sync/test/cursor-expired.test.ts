import { purgeExpired } from '@inkwell/api'
import { expect, it } from 'vitest'
import { device, signUp, syncUntil, useListeningServer } from './support'

const server = useListeningServer()

it('syncs from scratch when its cursor expired, keeping the writes still pending', async () => {
  const token = await signUp(server)
  const phone = device(server, token)
  const laptop = device(server, token)
  const purged = await laptop.engine.create({ title: 'Purged while the phone slept' })
  const kept = await laptop.engine.create({ title: 'Still there' })
  await laptop.engine.sync()
  await syncUntil(phone, (notes) => notes.length === 2)
  const cursor = (await phone.store.getMeta()).cursor

  // The purge's tombstone ages past the kept history: the phone can no longer learn of it.
  await laptop.engine.trash(purged.id)
  await laptop.engine.sync()
  await laptop.engine.purge(purged.id)
  await laptop.engine.sync()
  const { h } = server
  await h()
    .db.kysely.updateTable('note_tombstones')
    .set({ purged_at: new Date(Date.now() - 91 * 24 * 3600 * 1000) })
    .where('note_id', '=', purged.id)
    .execute()
  expect((await purgeExpired(h().deps)).tombstones).toBeGreaterThanOrEqual(1)
  const expired = await phone.server.notes.changes
    .query({ since: cursor ?? '' })
    .catch((e: unknown) => e)
  expect(expired).toMatchObject({ data: { appCode: 'CURSOR_EXPIRED' } })

  // Writes still pending: one the server refuses (parked, never pushed) and an edit.
  phone.network.offline = true
  const refused = await phone.engine.create({ title: 'x'.repeat(201) })
  await phone.engine.update(kept.id, { content: 'edited on the phone' })
  phone.network.offline = false

  const notes = await syncUntil(phone, (local) => !local.some((n) => n.id === purged.id))
  expect(notes.map((n) => n.id).toSorted()).toEqual([kept.id, refused.id].toSorted())
  expect(phone.engine.getState()).toMatchObject({
    pending: 0,
    errors: [{ noteId: refused.id, kind: 'create', appCode: 'VALIDATION_FAILED' }],
  })
  expect(await phone.server.notes.get.query({ id: kept.id })).toMatchObject({
    content: 'edited on the phone',
  })
  expect((await phone.store.getMeta()).cursor).not.toBe(cursor)
})
