import { expect, it } from 'vitest'
import { createMemoryStore } from '../src'
import { describeLocalStore } from './store-contract'

describeLocalStore('createMemoryStore', () => createMemoryStore())

it('starts from a seed, as copies', async () => {
  const now = new Date().toISOString()
  const note = {
    id: crypto.randomUUID(),
    title: 'Seeded',
    content: '',
    tags: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  }
  const store = createMemoryStore({ notes: [note], meta: { cursor: 'c1.x' } })
  expect(await store.getNote(note.id)).toEqual(note)
  expect(await store.getMeta()).toEqual({ cursor: 'c1.x', lastSyncedAt: null })
})
