import type { DisposableStore } from './disposable-store'
import { openSqliteStore } from './sqlite-store'

/** The account's local store on iOS and Android: SQLite. */
export function openLocalStore(userId: string): Promise<DisposableStore> {
  return openSqliteStore(`inkwell-${userId}.db`)
}
