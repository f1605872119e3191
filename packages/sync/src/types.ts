import type { InkwellClient } from '@inkwell/client'
import type { Note, NoteDraft, NotePatch } from './note'
import type { LocalStore, ParkedReason, PendingOp } from './store'

/** An op the server refused, shown until it is retried or discarded. */
export interface SyncOpError extends ParkedReason {
  readonly seq: number
  readonly noteId: string
  readonly kind: PendingOp['kind']
}

/** Why the last sync stopped: the network, the server (5xx, 429), or the session (401, 403). */
export interface SyncFailure {
  readonly kind: 'network' | 'server' | 'auth'
  readonly appCode: string | null
  readonly message: string
  readonly at: string
  /** The wait the server asked for (`Retry-After`, in ms): the next try comes no sooner. */
  readonly retryAfterMs?: number
}

/** What a UI shows: a snapshot, replaced (never mutated) on every change. */
export interface SyncState {
  /** Local writes not yet on the server (parked ones not counted). */
  readonly pending: number
  /** When the last sync completed (ISO-8601), or null. */
  readonly lastSyncedAt: string | null
  /** False after a network failure or `setOnline(false)`; true after a sync got through. */
  readonly online: boolean
  /** A sync is running. */
  readonly syncing: boolean
  /** Why the last sync failed, or null once one succeeds. */
  readonly error: SyncFailure | null
  /** Writes the server refused (4xx), parked: `retry(seq)` or `discard(seq)` them. */
  readonly errors: readonly SyncOpError[]
  /** A note written by this device was kept as a copy after a conflict (ids of the copies). */
  readonly conflicts: readonly string[]
}

export interface SyncEngineOptions {
  /** A client with a bearer token (`createClient({ url, token })`). */
  readonly client: InkwellClient
  readonly store: LocalStore
  /** How often a started engine syncs while all is well. Default 30 s. */
  readonly intervalMs?: number
  /** The first retry delay after a failure, doubled per failure. Default 1 s. */
  readonly backoffBaseMs?: number
  /** The longest retry delay. Default 5 min. */
  readonly backoffMaxMs?: number
  /** Notes per `notes.changes` page (1..500). Default 100. */
  readonly pageSize?: number
  /** The most pending ops the queue holds; a write beyond throws. Default 10 000. */
  readonly maxPending?: number
  /** Makes a note id. Default `crypto.randomUUID()`. */
  readonly newId?: () => string
  /** The clock. Default `() => new Date()`. */
  readonly now?: () => Date
}

/**
 * The offline sync engine: writes land in the local store at once and queue for the server;
 * `sync()` pushes the queue in order, then pulls every change since the last pull.
 *
 * @example
 * const engine = createSyncEngine({ client: createClient({ url, token }), store })
 * const unsubscribe = engine.subscribe((s) => render(s.pending, s.online))
 * engine.start()
 * const note = await engine.create({ title: 'Groceries' })
 * await engine.update(note.id, { content: 'milk' })
 */
export interface SyncEngine {
  /** Creates a note locally (a client-made UUID) and queues it. */
  create(draft: NoteDraft): Promise<Note>
  /** Edits a note locally and queues the edit (merged with a queued one when possible). */
  update(id: string, patch: NotePatch): Promise<Note>
  /** Moves a note to the trash locally, and queues that. */
  trash(id: string): Promise<Note>
  /** Takes a note out of the trash locally, and queues that. */
  restore(id: string): Promise<Note>
  /** Deletes a trashed note for good locally, and queues that. */
  purge(id: string): Promise<void>
  /**
   * Pushes the queue, then pulls until caught up (and pushes any copy the pull made). Concurrent calls share one run (a call made
   * during a run gets one more run after it). Rejects when the network or the server failed;
   * refused ops do not fail it (they are parked in `state.errors`).
   */
  sync(): Promise<void>
  /** Syncs now, then every `intervalMs`, backing off after failures. Idempotent. */
  start(): void
  /** Stops the timer (a running sync finishes). */
  stop(): void
  /** Tells the engine the platform's connectivity: online syncs at once, offline waits. */
  setOnline(online: boolean): void
  /** Queues a parked op again. */
  retry(seq: number): Promise<void>
  /** Drops a parked op, and puts the local note back as the server last had it. */
  discard(seq: number): Promise<void>
  /** Forgets the ids in `state.conflicts` (the UI has shown them). */
  clearConflicts(): void
  getState(): SyncState
  /** Calls `listener` with every new state; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void
}
