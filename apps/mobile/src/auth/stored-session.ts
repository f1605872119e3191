import type { RouterOutputs } from '@inkwell/client'

/** The signed-in account as the API answers `users.me`. */
export type User = RouterOutputs['users']['me']

/**
 * What the device keeps between launches: the bearer token, and the account it belongs to so
 * the app opens signed in (and its notes) without the network.
 */
export interface StoredSession {
  readonly token: string
  readonly expiresAt: string
  readonly user: User
}

/** The one key the session is kept under, in the secure store or in `localStorage`. */
export const SESSION_KEY = 'inkwell.session'

/** Parses what was stored, or null for nothing or anything that is not a session. */
export function parseStoredSession(raw: string | null): StoredSession | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>
    return typeof value.token === 'string' && typeof value.user?.id === 'string'
      ? (value as StoredSession)
      : null
  } catch {
    return null
  }
}
