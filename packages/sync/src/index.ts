export { createSyncEngine } from './engine'
export type { Note, NoteDraft, NoteFields, NotePatch } from './note'
export {
  createMemoryStore,
  type LocalStore,
  type MemoryStoreSeed,
  type ParkedReason,
  type PendingOp,
  type PendingOpCommon,
  type SyncMeta,
} from './store'
export type { SyncEngine, SyncEngineOptions, SyncFailure, SyncOpError, SyncState } from './types'
