import type { MiddlewareHandler } from 'hono'

/**
 * Counts requests whose handler is still running. A client that hangs up mid-request closes
 * its connection, so waiting for connections is not enough before closing the database pool
 * on shutdown: the handler may still be using it.
 */
export class RunningHandlers {
  #count = 0
  #waiters: (() => void)[] = []

  /** Handlers running now. */
  get count(): number {
    return this.#count
  }

  /** The middleware that counts; register it first. */
  readonly middleware: MiddlewareHandler = async (_c, next) => {
    this.#count++
    try {
      await next()
    } finally {
      this.#count--
      if (this.#count === 0) for (const resolve of this.#waiters.splice(0)) resolve()
    }
  }

  /** Resolves once no handler is running. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }
}
