import { AppError } from '../app-error'
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

/** Login attempts per account that are checked without a lock. */
export const LOGIN_ATTEMPTS_FREE = 5
const LOGIN_ATTEMPT_WINDOW_MS = 15 * 60 * 1000
const LOGIN_LOCK_MAX_MS = 15 * 60 * 1000

/** How long the n-th attempt in the window locks the account: 1 s at the fifth, doubling. */
function loginLockMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - LOGIN_ATTEMPTS_FREE), LOGIN_LOCK_MAX_MS)
}

/** A login attempt let through to the password check. */
export interface LoginAttempt {
  /** Its number among the account's attempts in the window (1 for the first). */
  readonly attempt: number
  /** Seconds the account stays locked if this attempt fails; 0 within the free allowance. */
  readonly lockSeconds: number
}

/** Thrown when the account is locked: the attempt was counted, the password not checked. */
export class LoginLockedError extends RateLimitedError {
  readonly attempt: number

  constructor(retryAfterSeconds: number, attempt: number) {
    super(retryAfterSeconds)
    this.attempt = attempt
  }
}

/**
 * Fixed-window rate limits and the per-account login lock, over a shared counter store.
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

  /**
   * Counts a login attempt for `email` before its password is checked, and lets it through
   * only if the account is not locked; throws LoginLockedError otherwise. The count is atomic,
   * so guesses sent in parallel (from many addresses, or batched in one request) cannot all
   * slip through: at most `LOGIN_ATTEMPTS_FREE` are checked, then one per lock period.
   *
   * From the fifth attempt in 15 minutes each one (let through or refused) locks the account
   * for 1 s, 2 s, 4 s … up to 15 minutes, and a lock only ever grows. An attempt let through
   * holds the lock while its password is checked; `recordLoginSuccess` lifts it. Unknown
   * emails are counted and locked alike, so the lock reveals no accounts.
   *
   * @example
   * const { attempt } = await rateLimiter.admitLoginAttempt(email) // then check the password
   */
  async admitLoginAttempt(email: string): Promise<LoginAttempt> {
    if (!this.#enabled) return { attempt: 1, lockSeconds: 0 }
    const { count } = await this.#store.hit(`login:attempts:${email}`, LOGIN_ATTEMPT_WINDOW_MS)
    const lockKey = `login:lock:${email}`
    if (count < LOGIN_ATTEMPTS_FREE) {
      // A lock may outlive the window that set it.
      const lock = await this.#store.peek(lockKey)
      if (lock) throw new LoginLockedError(Math.ceil(lock.resetMs / 1000), count)
      return { attempt: count, lockSeconds: 0 }
    }
    const lockMs = loginLockMs(count)
    // Only the attempt that finds no lock left gets through; it sets the next one.
    const left = await this.#store.extend(lockKey, lockMs)
    if (left > 0) throw new LoginLockedError(Math.ceil(Math.max(left, lockMs) / 1000), count)
    return { attempt: count, lockSeconds: Math.ceil(lockMs / 1000) }
  }

  /** Clears the account's attempt count and lock after a successful login. */
  async recordLoginSuccess(email: string): Promise<void> {
    if (!this.#enabled) return
    await Promise.all([
      this.#store.reset(`login:attempts:${email}`),
      this.#store.reset(`login:lock:${email}`),
    ])
  }
}
