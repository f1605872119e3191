/** What to forget: one session, or every session of one user. */
export type Invalidation = { readonly sessionId: string } | { readonly userId: string }

/**
 * Carries invalidations between server instances (Redis pub/sub in production), so a session
 * revoked on one instance stops working on every other at once, not after the cache's TTL.
 */
export interface InvalidationBus {
  publish(invalidation: Invalidation): void
  /**
   * Delivers every invalidation published by any instance. `onOutage` is called whenever the
   * bus may have missed messages (its connection dropped): cached sessions are then dropped.
   */
  subscribe(onInvalidation: (invalidation: Invalidation) => void, onOutage: () => void): void
  /** False while messages might be missed: the cache is not trusted meanwhile. */
  isConnected(): boolean
}

export interface SessionCacheOptions {
  /**
   * How long a validated session is trusted without asking the database. Default 30 s:
   * revocations do not wait for it (they are broadcast), it only bounds how long a change made
   * outside the app (an operator's SQL, say) takes to show.
   */
  readonly ttlMs?: number
  /** Entries kept at most; the oldest go first. Default 10,000. */
  readonly maxEntries?: number
  readonly bus?: InvalidationBus
}

interface Entry<T> {
  readonly value: T
  readonly sessionId: string
  readonly userId: string
  readonly until: number
}

/**
 * A short-lived in-process cache of validated sessions, keyed by token hash. Every request
 * that presents a token validates it; this spares the database all but one lookup per token
 * per TTL. Revocations clear entries here at once and, through the bus, on every other
 * instance. Without a bus the app must run as a single instance (it does: without Redis there
 * is nothing to share). With one, the cache is trusted only while the bus is connected, and
 * emptied after any outage, so a missed message cannot leave a revoked session alive.
 */
export class SessionCache<T> {
  readonly #entries = new Map<string, Entry<T>>()
  readonly #ttlMs: number
  readonly #maxEntries: number
  readonly #bus: InvalidationBus | undefined

  constructor(options: SessionCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#bus = options.bus
    this.#bus?.subscribe(
      (invalidation) => this.#forget(invalidation),
      () => this.#entries.clear(),
    )
  }

  get(tokenHash: string): T | undefined {
    if (this.#bus && !this.#bus.isConnected()) return undefined
    const entry = this.#entries.get(tokenHash)
    if (!entry) return undefined
    if (entry.until > Date.now()) return entry.value
    this.#entries.delete(tokenHash)
    return undefined
  }

  set(tokenHash: string, value: T, ids: { sessionId: string; userId: string }): void {
    if (this.#bus && !this.#bus.isConnected()) return
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    this.#entries.set(tokenHash, { value, ...ids, until: Date.now() + this.#ttlMs })
  }

  /** Forgets matching entries here and on every instance the bus reaches. */
  invalidate(invalidation: Invalidation): void {
    this.#forget(invalidation)
    this.#bus?.publish(invalidation)
  }

  #forget(invalidation: Invalidation): void {
    for (const [hash, entry] of this.#entries) {
      if (
        'sessionId' in invalidation
          ? entry.sessionId === invalidation.sessionId
          : entry.userId === invalidation.userId
      ) {
        this.#entries.delete(hash)
      }
    }
  }
}
