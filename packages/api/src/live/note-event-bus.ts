/** "The notes of `userId` changed", as one instance tells the others. */
export interface NotesChanged {
  readonly userId: string
  /** The instance that published it: it has told its own streams already. */
  readonly from: string
}

/** What a bus does with what arrives, and with the moments it may have missed some. */
export interface NoteEventHandlers {
  readonly onMessage: (event: NotesChanged) => void
  /** Listening again after an outage: events published meanwhile are lost. */
  readonly onMissed: () => void
}

/**
 * Carries "these notes changed" between server instances (Redis pub/sub, or PostgreSQL
 * `LISTEN/NOTIFY` without Redis), one subscription per instance. Delivery is at most once:
 * after an outage, `onMissed` lets every stream tell its client to pull.
 */
export interface NoteEventBus {
  publish(event: NotesChanged): void
  /** Starts listening; called once. */
  subscribe(handlers: NoteEventHandlers): void
  close(): Promise<void>
}

const UUID = /^[0-9a-f-]{36}$/

/** True for a well-formed message from another instance. */
export function isNotesChanged(value: unknown): value is NotesChanged {
  if (typeof value !== 'object' || value === null) return false
  const { userId, from } = value as { userId?: unknown; from?: unknown }
  return typeof userId === 'string' && UUID.test(userId) && typeof from === 'string'
}
