import { describe, expect, it } from 'vitest'
import type { LocalStore, Note, PendingOp } from '../src'

function note(title: string): Note {
  const now = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    title,
    content: '',
    tags: ['a'],
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  }
}

/**
 * The LocalStore contract, as the engine relies on it. Run it against a platform's store
 * (expo-sqlite, IndexedDB) with a factory that gives a fresh, empty store each call.
 *
 * @example
 * import { describeLocalStore } from '@inkwell/sync/testing'
 * describeLocalStore('sqlite store', () => createSqliteStore(openTestDatabase()))
 */
export function describeLocalStore(
  name: string,
  makeStore: () => Promise<LocalStore> | LocalStore,
) {
  describe(`${name} (LocalStore contract)`, () => {
    it('keeps notes by id, replaces them whole, and deletes them', async () => {
      const store = await makeStore()
      expect(await store.listNotes()).toEqual([])
      const a = note('a')
      const b = note('b')
      await store.putNote(a)
      await store.putNote(b)
      await store.putNote({ ...a, title: 'a2', deletedAt: a.createdAt })
      expect(await store.getNote(a.id)).toEqual({ ...a, title: 'a2', deletedAt: a.createdAt })
      expect((await store.listNotes()).map((n) => n.id).toSorted()).toEqual([a.id, b.id].toSorted())
      await store.deleteNote(a.id)
      await store.deleteNote(a.id) // deleting what is gone is fine
      expect(await store.getNote(a.id)).toBeUndefined()
    })

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const store = await makeStore()
      const a = note('a')
      await store.putNote(a)
      a.tags.push('mutated after put')
      const read = await store.getNote(a.id)
      read?.tags.push('mutated after get')
      expect((await store.getNote(a.id))?.tags).toEqual(['a'])
    })

    it('lists ops by ascending seq, replaces them by seq, and deletes them', async () => {
      const store = await makeStore()
      const base = note('base')
      const ops: PendingOp[] = [
        { seq: 3, kind: 'trash', noteId: base.id, attempted: false, parked: null },
        {
          seq: 1,
          kind: 'create',
          noteId: base.id,
          fields: { title: 't', content: '', tags: [] },
          attempted: true,
          parked: null,
        },
        {
          seq: 2,
          kind: 'update',
          noteId: base.id,
          base,
          changes: { content: 'x' },
          attempted: false,
          parked: { appCode: 'VALIDATION_FAILED', message: 'no', at: base.createdAt },
        },
      ]
      for (const op of ops) await store.putOp(op)
      expect((await store.listOps()).map((op) => op.seq)).toEqual([1, 2, 3])
      expect((await store.listOps())[1]).toEqual(ops[2])
      await store.putOp({ ...(ops[0] as PendingOp), kind: 'restore' })
      await store.deleteOp(1)
      expect((await store.listOps()).map((op) => [op.seq, op.kind])).toEqual([
        [2, 'update'],
        [3, 'restore'],
      ])
    })

    it('starts with no cursor, and merges meta updates', async () => {
      const store = await makeStore()
      expect(await store.getMeta()).toEqual({ cursor: null, lastSyncedAt: null })
      await store.setMeta({ cursor: 'c1.abc' })
      await store.setMeta({ lastSyncedAt: '2026-11-21T10:00:00.000Z' })
      expect(await store.getMeta()).toEqual({
        cursor: 'c1.abc',
        lastSyncedAt: '2026-11-21T10:00:00.000Z',
      })
      await store.setMeta({ cursor: null })
      expect((await store.getMeta()).cursor).toBeNull()
    })
  })
}
