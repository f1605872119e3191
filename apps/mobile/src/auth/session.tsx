import { appCodeOf, createClient, type InkwellClient, type RouterOutputs } from '@inkwell/client'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { apiUrl } from '../lib/api-url'
import { sessionStorage } from './session-storage'
import type { StoredSession } from './stored-session'

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signedOut'; readonly expired: boolean }
  | { readonly status: 'signedIn'; readonly session: StoredSession }

export interface SessionApi {
  readonly state: SessionState
  /** One client for the whole app; it sends the current token, if any. */
  readonly client: InkwellClient
  signIn(input: { email: string; password: string }): Promise<void>
  signUp(input: { name: string; email: string; password: string }): Promise<void>
  /** Ends the session on the server when it can be reached, and forgets it here either way. */
  signOut(options?: { expired?: boolean }): Promise<void>
}

const SessionContext = createContext<SessionApi | null>(null)

function toStored(issued: RouterOutputs['auth']['login']): StoredSession {
  return { token: issued.session.token, expiresAt: issued.session.expiresAt, user: issued.user }
}

/**
 * Keeps the bearer session: loaded from the device at start (so the app opens signed in and
 * offline), checked with `users.me` when the server answers, and dropped when the server says
 * it has ended (`NOT_AUTHENTICATED`).
 */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const token = useRef<string | null>(null)
  const client = useMemo(
    () =>
      createClient({
        url: apiUrl(),
        token: () => token.current,
        // Bearer only: in a browser, leave out (and never store) the cookie the server also sets.
        fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: 'omit' }),
      }),
    [],
  )

  const adopt = useCallback(async (session: StoredSession) => {
    await sessionStorage.save(session)
    token.current = session.token
    setState({ status: 'signedIn', session })
  }, [])

  const signOut = useCallback<SessionApi['signOut']>(
    async ({ expired = false } = {}) => {
      if (!expired && token.current) await client.auth.logout.mutate().catch(() => {})
      token.current = null
      await sessionStorage.clear()
      setState({ status: 'signedOut', expired })
    },
    [client],
  )

  useEffect(() => {
    let live = true
    void (async () => {
      const stored = await sessionStorage.load().catch(() => null)
      if (!live) return
      if (!stored) {
        setState({ status: 'signedOut', expired: false })
        return
      }
      token.current = stored.token
      setState({ status: 'signedIn', session: stored })
      try {
        const user = await client.users.me.query()
        if (live && token.current === stored.token) await adopt({ ...stored, user })
      } catch (error) {
        // Offline, or the server is down: stay signed in on what the device has.
        if (live && appCodeOf(error) === 'NOT_AUTHENTICATED') await signOut({ expired: true })
      }
    })()
    return () => {
      live = false
    }
  }, [client, adopt, signOut])

  const api = useMemo<SessionApi>(
    () => ({
      state,
      client,
      signIn: async (input) => adopt(toStored(await client.auth.login.mutate(input))),
      signUp: async (input) => adopt(toStored(await client.auth.register.mutate(input))),
      signOut,
    }),
    [state, client, adopt, signOut],
  )
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext)
  if (!api) throw new Error('useSession needs a SessionProvider above it')
  return api
}
