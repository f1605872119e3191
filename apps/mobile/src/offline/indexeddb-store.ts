import type { Note, PendingOp, SyncMeta } from '@inkwell/sync'
import type { DisposableStore } from './disposable-store'

const VERSION = 1
const NOTES = 'notes'
const OPS = 'ops'
const META = 'meta'
const META_KEY = 'sync'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** Runs `work` in one transaction and resolves once it has committed. */
function transact<T>(
  db: IDBDatabase,
  stores: string | string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => IDBRequest<T> | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode)
    const req = work(tx)
    tx.oncomplete = () => resolve(req?.result as T)
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/**
 * The web's LocalStore: an IndexedDB database per account (`name`), with object stores for
 * notes (by id), pending ops (by seq) and the sync cursor. Records are stored as the engine
 * gives them (plain JSON), so IndexedDB's structured clone hands back copies.
 *
 * @example
 * const store = await openIndexedDbStore(`inkwell-${user.id}`)
 */
export async function openIndexedDbStore(
  name: string,
  factory: IDBFactory = globalThis.indexedDB,
): Promise<DisposableStore> {
  const open = factory.open(name, VERSION)
  open.onupgradeneeded = () => {
    const db = open.result
    if (!db.objectStoreNames.contains(NOTES)) db.createObjectStore(NOTES, { keyPath: 'id' })
    if (!db.objectStoreNames.contains(OPS)) db.createObjectStore(OPS, { keyPath: 'seq' })
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META)
  }
  const db = await request(open)
  const read = <T>(store: string, work: (s: IDBObjectStore) => IDBRequest<T>) =>
    transact(db, store, 'readonly', (tx) => work(tx.objectStore(store)))
  const write = <T>(store: string, work: (s: IDBObjectStore) => IDBRequest<T>) =>
    transact(db, store, 'readwrite', (tx) => work(tx.objectStore(store))).then(() => {})

  return {
    getNote: (id) => read<Note | undefined>(NOTES, (s) => s.get(id)),
    listNotes: () => read<Note[]>(NOTES, (s) => s.getAll()),
    putNote: (note) => write(NOTES, (s) => s.put(note)),
    deleteNote: (id) => write(NOTES, (s) => s.delete(id)),
    // Keys are numbers, so getAll() answers in ascending seq.
    listOps: () => read<PendingOp[]>(OPS, (s) => s.getAll()),
    putOp: (op) => write(OPS, (s) => s.put(op)),
    deleteOp: (seq) => write(OPS, (s) => s.delete(seq)),
    async getMeta() {
      const meta = await read<SyncMeta | undefined>(META, (s) => s.get(META_KEY))
      return { cursor: null, lastSyncedAt: null, ...meta }
    },
    async setMeta(patch) {
      await transact(db, META, 'readwrite', (tx) => {
        const store = tx.objectStore(META)
        const get = store.get(META_KEY)
        get.onsuccess = () => {
          store.put({ cursor: null, lastSyncedAt: null, ...get.result, ...patch }, META_KEY)
        }
        return undefined
      })
    },
    close: () => db.close(),
    async destroy() {
      db.close()
      await request(factory.deleteDatabase(name))
    },
  }
}
