import type { InkwellClient } from '@inkwell/client'
import type { LocalStore, PendingOp } from './store'

/** What the engine's parts share. */
export interface EngineContext {
  readonly client: InkwellClient
  readonly store: LocalStore
  readonly pageSize: number
  readonly maxPending: number
  readonly newId: () => string
  readonly now: () => string
  /** Runs `fn` alone: local writes and the sync's store updates never interleave. */
  readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>
  /** Records the id of a copy a conflict left. */
  readonly conflictCopied: (id: string) => void
}

/** A lock: each call starts when the one before has settled. */
export function createExclusive(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return (fn) => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
}

export function nextSeq(ops: readonly PendingOp[]): number {
  return (ops.at(-1)?.seq ?? 0) + 1
}

export function opsFor(ops: readonly PendingOp[], noteId: string): PendingOp[] {
  return ops.filter((op) => op.noteId === noteId)
}
