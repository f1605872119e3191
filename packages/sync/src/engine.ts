import { createExclusive, type EngineContext } from './context'
import { SyncRunError } from './failure'
import {
  createLocal,
  discardParked,
  purgeLocal,
  retryParked,
  setTrashedLocal,
  updateLocal,
} from './local-writes'
import { pullChanges } from './pull'
import { pushQueue } from './push'
import type { SyncEngine, SyncEngineOptions, SyncFailure, SyncState } from './types'

/** The most conflict-copy ids the state lists (the oldest are forgotten first). */
const MAX_CONFLICTS_SHOWN = 100

/** Full jitter over an exponential delay, capped: `failures` 1 → up to `base`, then doubling. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30))
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
}

/** The wait before the next try after a failure: the backoff, or longer if the server asked. */
export function retryDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  retryAfterMs: number | undefined,
): number {
  return Math.max(backoffDelay(failures, baseMs, maxMs), retryAfterMs ?? 0)
}

/**
 * Creates a sync engine over a client and a local store (see `SyncEngine`).
 *
 * @example
 * const engine = createSyncEngine({ client: createClient({ url, token }), store: createMemoryStore() })
 * engine.start()
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store } = options
  const intervalMs = options.intervalMs ?? 30_000
  const baseMs = options.backoffBaseMs ?? 1_000
  const maxMs = options.backoffMaxMs ?? 300_000
  const clock = options.now ?? (() => new Date())
  let state: SyncState = {
    pending: 0,
    lastSyncedAt: null,
    online: true,
    syncing: false,
    error: null,
    errors: [],
    conflicts: [],
  }
  const listeners = new Set<(state: SyncState) => void>()
  const setState = (patch: Partial<SyncState>) => {
    state = { ...state, ...patch }
    for (const listener of listeners) listener(state)
  }
  const ctx: EngineContext = {
    client: options.client,
    store,
    pageSize: Math.min(500, Math.max(1, options.pageSize ?? 100)),
    maxPending: options.maxPending ?? 10_000,
    newId: options.newId ?? (() => crypto.randomUUID()),
    now: () => clock().toISOString(),
    exclusive: createExclusive(),
    conflictCopied: (id) =>
      setState({ conflicts: [...state.conflicts, id].slice(-MAX_CONFLICTS_SHOWN) }),
  }

  /** Re-reads the queue and the meta into the state. */
  async function refresh(): Promise<void> {
    const [ops, meta] = await Promise.all([store.listOps(), store.getMeta()])
    setState({
      pending: ops.filter((op) => !op.parked).length,
      lastSyncedAt: meta.lastSyncedAt,
      errors: ops.flatMap((op) =>
        op.parked ? [{ ...op.parked, seq: op.seq, noteId: op.noteId, kind: op.kind }] : [],
      ),
    })
  }
  const ready = refresh()

  let started = false
  let platformOnline = true
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> | null = null
  let queued: Promise<void> | null = null

  function schedule(delayMs: number): void {
    clearTimeout(timer)
    timer = undefined
    if (!started || !platformOnline) return
    timer = setTimeout(() => {
      sync().then(
        () => schedule(intervalMs),
        () => schedule(retryDelay(failures, baseMs, maxMs, state.error?.retryAfterMs)),
      )
    }, delayMs)
  }

  async function runOnce(): Promise<void> {
    await ready
    setState({ syncing: true })
    try {
      await pushQueue(ctx)
      await pullChanges(ctx)
      // A pull can leave writes of its own (copies of edits to notes purged elsewhere).
      await pushQueue(ctx)
      await store.setMeta({ lastSyncedAt: ctx.now() })
      failures = 0
      setState({ online: platformOnline, error: null })
    } catch (error) {
      failures++
      const failure: SyncFailure =
        error instanceof SyncRunError
          ? {
              ...error.failure,
              kind: error.failure.kind === 'refused' ? 'server' : error.failure.kind,
              at: ctx.now(),
            }
          : { kind: 'server', appCode: null, message: String(error), at: ctx.now() }
      setState({ error: failure, ...(failure.kind === 'network' ? { online: false } : {}) })
      throw error
    } finally {
      await refresh()
      setState({ syncing: false })
    }
  }

  function sync(): Promise<void> {
    if (!running) {
      running = runOnce().finally(() => {
        running = null
      })
      return running
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null
        return sync()
      })
    return queued
  }

  /** Runs a local write alone, then shows it and, when started and healthy, pushes it soon. */
  async function write<T>(fn: () => Promise<T>): Promise<T> {
    await ready
    const result = await ctx.exclusive(fn)
    await refresh()
    if (started && failures === 0) schedule(0)
    return result
  }

  return {
    create: (draft) => write(() => createLocal(ctx, draft)),
    update: (id, patch) => write(() => updateLocal(ctx, id, patch)),
    trash: (id) => write(() => setTrashedLocal(ctx, id, true)),
    restore: (id) => write(() => setTrashedLocal(ctx, id, false)),
    purge: (id) => write(() => purgeLocal(ctx, id)),
    retry: (seq) => write(() => retryParked(ctx, seq)),
    discard: (seq) => write(() => discardParked(ctx, seq)),
    sync,
    start() {
      if (started) return
      started = true
      schedule(0)
    },
    stop() {
      started = false
      schedule(0)
    },
    setOnline(online) {
      platformOnline = online
      setState({ online })
      if (online) failures = 0
      schedule(0)
    },
    clearConflicts() {
      setState({ conflicts: [] })
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
