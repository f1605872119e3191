import type { DisposableStore } from './disposable-store'
import { openIndexedDbStore } from './indexeddb-store'

/** The account's local store in a browser: IndexedDB. */
export function openLocalStore(userId: string): Promise<DisposableStore> {
  return openIndexedDbStore(`inkwell-${userId}`)
}
