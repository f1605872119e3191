import type { LocalStore } from '@inkwell/sync'

/** A LocalStore that belongs to one account on this device, and goes with it on sign-out. */
export interface DisposableStore extends LocalStore {
  /** Closes the database and deletes it with everything in it. */
  destroy(): Promise<void>
  close(): void
}
