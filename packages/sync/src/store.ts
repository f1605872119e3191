import type { Note, NoteFields, NotePatch } from './note'

/**
 * A write made locally and not yet acknowledged by the server. Records are plain JSON, so a
 * store can keep them in SQLite, IndexedDB or a file as they are.
 *
 * - `create`: the note's id is made by the client (a UUID), so a retry never duplicates it.
 * - `update`: `base` is the note as the server last had it when the edit started (the three-way
 *   merge's common ancestor, and the version sent); `changes` the fields edited since.
 * - `trash`, `restore`, `purge`: by id.
 */
export type PendingOp =
  | (PendingOpCommon & { readonly kind: 'create'; readonly fields: NoteFields })
  | (PendingOpCommon & {
      readonly kind: 'update'
      readonly base: Note
      readonly changes: NotePatch
    })
  | (PendingOpCommon & { readonly kind: 'trash' | 'restore' | 'purge' })

export interface PendingOpCommon {
  /** Order of the queue: ops are pushed by ascending `seq`. Unique within a store. */
  readonly seq: number
  readonly noteId: string
  /**
   * True once the op may have reached the server (a request was sent). Such an op is never
   * changed again: later edits queue a new op, so a replay sends exactly what was sent.
   */
  readonly attempted: boolean
  /** Set when the server refused the op (a 4xx): it is skipped, and shown in `state.errors`. */
  readonly parked: ParkedReason | null
}

/** Why the server refused an op. */
export interface ParkedReason {
  /** The stable API code (`VALIDATION_FAILED`, `NOTE_ID_TAKEN`, …), or null when none came. */
  readonly appCode: string | null
  readonly message: string
  readonly fieldErrors?: Record<string, string[]>
  readonly at: string
}

/** What the engine remembers between runs besides notes and ops. */
export interface SyncMeta {
  /** The `notes.changes` cursor after the last completed pull, or null: pull everything. */
  readonly cursor: string | null
  /** When the last sync completed (ISO-8601), or null. */
  readonly lastSyncedAt: string | null
}

/**
 * Where an engine keeps its local copy. Every method is async so SQLite, IndexedDB or a file
 * can back it. Records are JSON-serialisable; a store keeps them as given and returns copies.
 * One engine at a time writes to a store (the engine serialises its own calls).
 *
 * @example
 * const store = createMemoryStore()
 * const engine = createSyncEngine({ client, store })
 */
export interface LocalStore {
  /** A note by id, trashed ones included, or undefined. */
  getNote(id: string): Promise<Note | undefined>
  /** Every local note, trashed ones included, in no particular order. */
  listNotes(): Promise<Note[]>
  /** Inserts or replaces the note with this id. */
  putNote(note: Note): Promise<void>
  deleteNote(id: string): Promise<void>
  /** Every pending op, parked ones included, by ascending `seq`. */
  listOps(): Promise<PendingOp[]>
  /** Inserts or replaces the op with this `seq`. */
  putOp(op: PendingOp): Promise<void>
  deleteOp(seq: number): Promise<void>
  getMeta(): Promise<SyncMeta>
  setMeta(meta: Partial<SyncMeta>): Promise<void>
}

/** What a memory store starts with (a copy is taken), for tests and previews. */
export interface MemoryStoreSeed {
  readonly notes?: readonly Note[]
  readonly ops?: readonly PendingOp[]
  readonly meta?: Partial<SyncMeta>
}

/**
 * A LocalStore in memory: the reference implementation, and the store of tests. Records go in
 * and out as JSON copies, as with a real database, so no caller shares an object with it.
 *
 * @example
 * const store = createMemoryStore()
 * await store.putNote(note)
 */
export function createMemoryStore(seed: MemoryStoreSeed = {}): LocalStore {
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
  const notes = new Map((seed.notes ?? []).map((n) => [n.id, copy(n)]))
  const ops = new Map((seed.ops ?? []).map((o) => [o.seq, copy(o)]))
  let meta: SyncMeta = { cursor: null, lastSyncedAt: null, ...seed.meta }
  return {
    async getNote(id) {
      const note = notes.get(id)
      return note && copy(note)
    },
    async listNotes() {
      return copy([...notes.values()])
    },
    async putNote(note) {
      notes.set(note.id, copy(note))
    },
    async deleteNote(id) {
      notes.delete(id)
    },
    async listOps() {
      return copy([...ops.values()].sort((a, b) => a.seq - b.seq))
    },
    async putOp(op) {
      ops.set(op.seq, copy(op))
    },
    async deleteOp(seq) {
      ops.delete(seq)
    },
    async getMeta() {
      return { ...meta }
    },
    async setMeta(patch) {
      meta = { ...meta, ...patch }
    },
  }
}
