import type { InkwellClient } from '@inkwell/client'
import { createSyncEngine, type Note, type SyncEngine, type SyncState } from '@inkwell/sync'
import { randomUUID } from 'expo-crypto'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'
import { watchConnectivity } from './connectivity'
import type { DisposableStore } from './disposable-store'
import { listenForChanges } from './live-changes'
import { openLocalStore } from './open-local-store'

export interface Offline {
  readonly engine: SyncEngine
  readonly store: DisposableStore
  readonly state: SyncState
  /** Bumped whenever the local notes may have changed: read the store again. */
  readonly revision: number
  /** Runs a local write through the engine, then has every list read the store again. */
  write<T>(action: (engine: SyncEngine) => Promise<T>): Promise<T>
  /** Stops syncing and deletes this account's local copy (sign-out). */
  forget(): Promise<void>
}

const OfflineContext = createContext<Offline | null>(null)

interface Props {
  readonly userId: string
  readonly client: InkwellClient
  /** Called when a sync is refused because the session has ended. */
  readonly onSessionEnded: () => void
  readonly fallback: ReactNode
  readonly children: ReactNode
}

/**
 * Opens the signed-in account's local store (SQLite or IndexedDB), runs the sync engine over
 * it while mounted, and tells the engine when the device goes on or off line. Every screen
 * below reads notes from the store, so the app works the same with or without a network.
 */
export function OfflineProvider({ userId, client, onSessionEnded, fallback, children }: Props) {
  const [opened, setOpened] = useState<{ store: DisposableStore; engine: SyncEngine } | null>(null)
  const [state, setState] = useState<SyncState | null>(null)
  const [revision, setRevision] = useState(0)
  const [failure, setFailure] = useState<unknown>(null)

  useEffect(() => {
    let live = true
    let stop = () => {}
    openLocalStore(userId).then(
      (store) => {
        if (!live) return store.close()
        const engine = createSyncEngine({ client, store, newId: randomUUID })
        const unsubscribe = engine.subscribe((next) => {
          setState(next)
          setRevision((r) => r + 1)
        })
        const unwatch = watchConnectivity((online) => engine.setOnline(online))
        setState(engine.getState())
        setOpened({ store, engine })
        engine.start()
        // Another device's change: pull it now rather than at the next periodic sync.
        const unlisten = listenForChanges(client, () => void engine.sync().catch(() => {}))
        stop = () => {
          unlisten()
          unwatch()
          unsubscribe()
          engine.stop()
        }
      },
      (error: unknown) => live && setFailure(error),
    )
    return () => {
      live = false
      stop()
    }
  }, [userId, client])

  const sessionEnded = state?.error?.kind === 'auth' && state.error.appCode === 'NOT_AUTHENTICATED'
  useEffect(() => {
    if (sessionEnded) onSessionEnded()
  }, [sessionEnded, onSessionEnded])

  const write = useCallback(
    async <T,>(action: (engine: SyncEngine) => Promise<T>): Promise<T> => {
      if (!opened) throw new Error('the local store is not open yet')
      try {
        return await action(opened.engine)
      } finally {
        setRevision((r) => r + 1)
      }
    },
    [opened],
  )

  const value = useMemo<Offline | null>(() => {
    if (!opened || !state) return null
    return {
      ...opened,
      state,
      revision,
      write,
      async forget() {
        opened.engine.stop()
        await opened.store.destroy()
      },
    }
  }, [opened, state, revision, write])

  if (failure) throw failure
  if (!value) return fallback
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>
}

export function useOffline(): Offline {
  const offline = useContext(OfflineContext)
  if (!offline) throw new Error('useOffline needs an OfflineProvider above it')
  return offline
}

export interface LocalNotes {
  /** Every local note, trashed ones included, newest change first; null until read. */
  readonly notes: readonly Note[] | null
  /** Ids of notes with writes not yet on the server. */
  readonly unsynced: ReadonlySet<string>
}

/** The local notes, read again whenever they may have changed. */
export function useLocalNotes(): LocalNotes {
  const { store, revision } = useOffline()
  const [result, setResult] = useState<LocalNotes>({ notes: null, unsynced: new Set() })
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision is the cue to read again
  useEffect(() => {
    let live = true
    Promise.all([store.listNotes(), store.listOps()]).then(
      ([notes, ops]) => {
        if (!live) return
        notes.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id))
        const unsynced = new Set(ops.filter((op) => !op.parked).map((op) => op.noteId))
        setResult({ notes, unsynced })
      },
      // The store closes on sign-out while a last read may be under way: keep what is shown.
      () => {},
    )
    return () => {
      live = false
    }
  }, [store, revision])
  return result
}
