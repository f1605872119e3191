/** What to forget: one session, or every session of one user. */
export type Invalidation = { readonly sessionId: string } | { readonly userId: string }

/**
 * Carries invalidations between server instances (Redis pub/sub in production), so a session
 * revoked on one instance stops working on every other at once, not after the cache's TTL.
 */
export interface InvalidationBus {
  publish(invalidation: Invalidation): void
  subscribe(onInvalidation: (invalidation: Invalidation) => void): void
}

export interface SessionCacheOptions {
  /** How long a validated session is trusted without asking the database. Default 1 s. */
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
 * instance; the TTL bounds staleness if a bus message is ever lost.
 */
export class SessionCache<T> {
  readonly #entries = new Map<string, Entry<T>>()
  readonly #ttlMs: number
  readonly #maxEntries: number
  readonly #bus: InvalidationBus | undefined

  constructor(options: SessionCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 1000
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#bus = options.bus
    this.#bus?.subscribe((invalidation) => this.#forget(invalidation))
  }

  get(tokenHash: string): T | undefined {
    const entry = this.#entries.get(tokenHash)
    if (!entry) return undefined
    if (entry.until > Date.now()) return entry.value
    this.#entries.delete(tokenHash)
    return undefined
  }

  set(tokenHash: string, value: T, ids: { sessionId: string; userId: string }): void {
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
