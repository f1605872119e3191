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

/** How the cache has served lookups since it was made. For metrics. */
export interface SessionCacheStats {
  /** Lookups answered from the cache. */
  readonly hits: number
  /** Lookups that had to ask the database (absent, expired, or the bus down). */
  readonly misses: number
  /** Entries held now. */
  readonly entries: number
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
  /** Moves on every invalidation and outage: a fill that began before one is stale. */
  #generation = 0
  #hits = 0
  #misses = 0
  readonly #listeners = new Set<(invalidation: Invalidation) => void>()

  constructor(options: SessionCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#bus = options.bus
    this.#bus?.subscribe(
      (invalidation) => this.#forget(invalidation),
      () => {
        this.#generation++
        this.#entries.clear()
      },
    )
  }

  /**
   * The current generation, to read before asking the database and hand back to `set`: if any
   * invalidation arrived in between, the answer may describe a session revoked meanwhile, and
   * `set` drops it instead of keeping it alive for a TTL.
   */
  generation(): number {
    return this.#generation
  }

  get(tokenHash: string): T | undefined {
    const value = this.#lookup(tokenHash)
    if (value === undefined) this.#misses++
    else this.#hits++
    return value
  }

  stats(): SessionCacheStats {
    return { hits: this.#hits, misses: this.#misses, entries: this.#entries.size }
  }

  #lookup(tokenHash: string): T | undefined {
    if (this.#bus && !this.#bus.isConnected()) return undefined
    const entry = this.#entries.get(tokenHash)
    if (!entry) return undefined
    if (entry.until > Date.now()) return entry.value
    this.#entries.delete(tokenHash)
    return undefined
  }

  /** Caches `value` unless an invalidation came after `generation` was read (or the bus is down). */
  set(
    tokenHash: string,
    value: T,
    ids: { sessionId: string; userId: string },
    generation: number,
  ): void {
    if (generation !== this.#generation) return
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

  /**
   * Calls `listener` with every invalidation, made here or received from another instance:
   * whatever else holds on to a session (an open event stream) lets go of it too. Returns the
   * function that stops the calls.
   */
  onInvalidation(listener: (invalidation: Invalidation) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #forget(invalidation: Invalidation): void {
    this.#generation++
    for (const listener of this.#listeners) listener(invalidation)
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
