import { parseStoredSession, SESSION_KEY, type StoredSession } from './stored-session'

/**
 * The session in a browser: `expo-secure-store` has no web implementation, so the token is
 * kept in `localStorage` (readable by this origin's scripts; the web export loads only its
 * own bundle). Same interface as the native `session-storage.ts`.
 */
export const sessionStorage = {
  async load(): Promise<StoredSession | null> {
    return parseStoredSession(globalThis.localStorage?.getItem(SESSION_KEY) ?? null)
  },
  async save(session: StoredSession): Promise<void> {
    globalThis.localStorage.setItem(SESSION_KEY, JSON.stringify(session))
  },
  async clear(): Promise<void> {
    globalThis.localStorage.removeItem(SESSION_KEY)
  },
}
