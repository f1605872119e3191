import { Semaphore, SemaphoreFullError } from './semaphore'

/** The most hashing work let in at once, in milliseconds of wall-clock time for the machine. */
export const HASHING_BUDGET_MS = 2000

/** One hash's time until `HashingQueue.size` is told the measured one: a cautious guess. */
const ASSUMED_MS_PER_HASH = 50

/**
 * Thrown, at once, when the hashing queue is full: the server sheds the request (503
 * `SERVICE_BUSY` with `Retry-After`) instead of queueing it without bound.
 */
export class PasswordHashingBusyError extends Error {
  /** About how long until the work ahead has drained. */
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super('Password hashing is at capacity')
    this.name = 'PasswordHashingBusyError'
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** What the queue holds now, and what it has shed since the process started. For metrics. */
export interface HashingQueueStats {
  /** Hashes running now (at most `workers`). */
  readonly running: number
  /** Jobs waiting for a worker. */
  readonly waiting: number
  /** Jobs admitted at most, running and waiting together. */
  readonly capacity: number
  /** Jobs refused because the queue was full (each a 503 `SERVICE_BUSY`), ever. */
  readonly shed: number
}

export interface HashingQueueOptions {
  /** Hashes run at once: one per core. */
  readonly workers: number
  /** One hash's time on this machine. Default: a guess, until `size` gets a measured one. */
  readonly msPerHash?: number
}

/**
 * Admits password-hashing work (argon2) up to about `HASHING_BUDGET_MS` of it for the machine:
 * `workers` run at once, the rest wait in line, and beyond a capacity of
 * `workers × ceil(budget / msPerHash)` jobs a new one is refused at once with
 * PasswordHashingBusyError. An unbounded line would only make every caller wait longer (and
 * time out) while the work it holds, memory and all, keeps growing.
 *
 * @example
 * const queue = new HashingQueue({ workers: availableParallelism() })
 * queue.size(measuredMs) // once, at start-up
 * const hash = await queue.run(() => argon2.hash(password))
 */
export class HashingQueue {
  readonly workers: number
  #msPerHash = ASSUMED_MS_PER_HASH
  #shed = 0
  readonly #semaphore: Semaphore

  constructor(options: HashingQueueOptions) {
    this.workers = Math.max(1, Math.floor(options.workers))
    this.#semaphore = new Semaphore(this.workers)
    this.size(options.msPerHash ?? ASSUMED_MS_PER_HASH)
  }

  /** Jobs admitted at most, running and waiting together. */
  get capacity(): number {
    return this.workers + this.#semaphore.maxWaiting
  }

  /** The time of one hash the capacity is computed from. */
  get msPerHash(): number {
    return this.#msPerHash
  }

  /** Depth and refusals, read when metrics are scraped: plain numbers, nothing to reset. */
  stats(): HashingQueueStats {
    return {
      running: this.#semaphore.running,
      waiting: this.#semaphore.waiting,
      capacity: this.capacity,
      shed: this.#shed,
    }
  }

  /** Sizes the queue for hashes that take `msPerHash` each: about the budget's worth of them. */
  size(msPerHash: number): void {
    this.#msPerHash = Math.max(1, msPerHash)
    const capacity = this.workers * Math.ceil(HASHING_BUDGET_MS / this.#msPerHash)
    this.#semaphore.maxWaiting = capacity - this.workers
  }

  /** Throws PasswordHashingBusyError when a job would be refused now; a cheap early check. */
  assertRoom(): void {
    if (this.#semaphore.full) throw this.#busy()
  }

  /** Runs `job` when a worker is free; throws PasswordHashingBusyError at once when full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    try {
      return await this.#semaphore.run(job)
    } catch (error) {
      throw error instanceof SemaphoreFullError ? this.#busy() : error
    }
  }

  #busy(): PasswordHashingBusyError {
    this.#shed++
    const drainMs = ((this.#semaphore.waiting + this.workers) * this.#msPerHash) / this.workers
    return new PasswordHashingBusyError(Math.max(1, Math.ceil(drainMs / 1000)))
  }
}
