/** A counter in a fixed window: how many hits so far, and when the window ends. */
export interface WindowCount {
  readonly count: number
  /** Milliseconds until the window (and the count) expires. */
  readonly resetMs: number
}

/**
 * Where rate-limit counters live: Redis when several instances must share them, process
 * memory otherwise.
 */
export interface CounterStore {
  /** Adds one to `key`, starting a window of `windowMs` if none is open. */
  hit(key: string, windowMs: number): Promise<WindowCount>
  /** The open window of `key`, or null. */
  peek(key: string): Promise<WindowCount | null>
  /**
   * Keeps `key` alive for at least `ttlMs` from now: its expiry becomes the later of the one it
   * has and now + `ttlMs` (never earlier), creating it if absent. Atomic. Returns how many
   * milliseconds it had left before the call, 0 when it was absent or expired.
   */
  extend(key: string, ttlMs: number): Promise<number>
  /** Forgets `key`. */
  reset(key: string): Promise<void>
  close(): Promise<void>
}
