import { AppError } from '../errors'
import type { CounterStore } from './store'

export interface Limit {
  /** What is counted, e.g. `login:ip:203.0.113.9`. */
  readonly key: string
  readonly max: number
  readonly windowMs: number
}

/** Thrown when a limit is exceeded; the server turns `retryAfterSeconds` into `Retry-After`. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests, try again later')
    this.retryAfterSeconds = retryAfterSeconds
  }
}

const LOGIN_FAILURES_FREE = 5
const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000
const LOGIN_LOCK_MAX_MS = 15 * 60 * 1000

/**
 * Fixed-window rate limits and the per-account login back-off, over a shared counter store.
 * Disabled (every check passes) when `enabled` is false, for load tests.
 */
export class RateLimiter {
  readonly #store: CounterStore
  readonly #enabled: boolean

  constructor(store: CounterStore, enabled = true) {
    this.#store = store
    this.#enabled = enabled
  }

  /** Counts one hit against each limit; throws RateLimitedError if any is exceeded. */
  async consume(...limits: readonly Limit[]): Promise<void> {
    if (!this.#enabled) return
    const counts = await Promise.all(limits.map((l) => this.#store.hit(l.key, l.windowMs)))
    let retryAfterMs = 0
    counts.forEach((c, i) => {
      if (c.count > limits[i]!.max) retryAfterMs = Math.max(retryAfterMs, c.resetMs)
    })
    if (retryAfterMs > 0) throw new RateLimitedError(Math.ceil(retryAfterMs / 1000))
  }

  /** Throws RateLimitedError while the account is locked after repeated failed logins. */
  async assertLoginAllowed(email: string): Promise<void> {
    if (!this.#enabled) return
    const lock = await this.#store.peek(`login:lock:${email}`)
    if (lock) throw new RateLimitedError(Math.ceil(lock.resetMs / 1000))
  }

  /**
   * Records a failed login. From the fifth failure in 15 minutes the account is locked for a
   * doubling delay (1 s, 2 s, 4 s … up to 15 min), whether or not the account exists.
   */
  async recordLoginFailure(email: string): Promise<void> {
    if (!this.#enabled) return
    const { count } = await this.#store.hit(`login:fail:${email}`, LOGIN_FAILURE_WINDOW_MS)
    if (count < LOGIN_FAILURES_FREE) return
    const lockMs = Math.min(1000 * 2 ** (count - LOGIN_FAILURES_FREE), LOGIN_LOCK_MAX_MS)
    await this.#store.hit(`login:lock:${email}`, lockMs)
  }

  /** Clears the failure count after a successful login. */
  async recordLoginSuccess(email: string): Promise<void> {
    if (!this.#enabled) return
    await this.#store.reset(`login:fail:${email}`)
  }
}
