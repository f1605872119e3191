/** Thrown by `Semaphore.run` when its waiting line is full: the task was not started. */
export class SemaphoreFullError extends Error {
  constructor() {
    super('Too many tasks waiting')
    this.name = 'SemaphoreFullError'
  }
}

/**
 * At most `permits` holders at once; the others wait their turn, first come first served,
 * and at most `maxWaiting` of them: beyond that `run` refuses at once (load shedding).
 */
export class Semaphore {
  readonly #permits: number
  #free: number
  readonly #waiting: (() => void)[] = []
  #maxWaiting: number

  constructor(permits: number, maxWaiting = Number.POSITIVE_INFINITY) {
    this.#permits = permits
    this.#free = permits
    this.#maxWaiting = maxWaiting
  }

  /** How many tasks may wait for a permit. Lowering it turns no waiting task away. */
  get maxWaiting(): number {
    return this.#maxWaiting
  }

  set maxWaiting(value: number) {
    this.#maxWaiting = value
  }

  /** How many tasks hold a permit now. */
  get running(): number {
    return this.#permits - this.#free
  }

  /** How many tasks are waiting for a permit. */
  get waiting(): number {
    return this.#waiting.length
  }

  /** True when `run` would refuse a task now. */
  get full(): boolean {
    return this.#free === 0 && this.#waiting.length >= this.#maxWaiting
  }

  /**
   * Runs `task` once a permit is free, and frees it when the task settles. Throws
   * SemaphoreFullError, without running it, when `maxWaiting` tasks are waiting already.
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--
    else if (this.#waiting.length >= this.#maxWaiting) throw new SemaphoreFullError()
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#free++
    }
  }
}
