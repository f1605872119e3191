import type { Server as HttpServer, ServerResponse } from 'node:http'
import type { Logger } from './logger'
import type { RunningHandlers } from './middleware/running-handlers'

export interface GracefulStopOptions {
  readonly server: HttpServer
  readonly handlers: RunningHandlers
  readonly logger: Logger
  /** Closes what the handlers use (the pool, Redis), once they are done or out of time. */
  readonly release: () => Promise<void>
}

export interface GracefulStop {
  /** True once `stop()` was called: answers then say `Connection: close`, `/readyz` 503. */
  readonly draining: () => boolean
  /** Stops accepting, lets running requests finish (up to `graceMs`), then releases. */
  stop(graceMs: number): Promise<void>
}

/**
 * A graceful stop for a Node HTTP server, in three steps: refuse new connections and end idle
 * keep-alive ones; let each open response finish and close its connection after it; wait for
 * every running handler (one whose client hung up has no connection left, but may still be
 * using the pool), then release the resources. Call it before the server receives requests.
 */
export function gracefulStop({
  server,
  handlers,
  logger,
  release,
}: GracefulStopOptions): GracefulStop {
  let draining = false
  const responses = trackOpenResponses(server, () => draining)
  return {
    draining: () => draining,
    async stop(graceMs) {
      const deadline = Date.now() + graceMs
      draining = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets with no request in flight would hold close() open; end them now,
      // and those of the requests in flight as soon as their answer is out.
      server.closeIdleConnections()
      responses.closeWhenAnswered()
      const forced = setTimeout(() => {
        logger.warn('grace period over; closing remaining connections')
        server.closeAllConnections()
      }, graceMs)
      await closed
      clearTimeout(forced)
      const remaining = Math.max(0, deadline - Date.now())
      let timer: NodeJS.Timeout | undefined
      await Promise.race([handlers.idle(), new Promise((r) => (timer = setTimeout(r, remaining)))])
      clearTimeout(timer)
      if (handlers.count > 0)
        logger.warn({ running: handlers.count }, 'closing with handlers still running')
      await release()
    },
  }
}

/**
 * The responses not yet sent. While draining, each answer says `Connection: close` and its
 * socket ends with it: otherwise a keep-alive client would hold `stop()` open until Node's
 * keep-alive timeout, and could even send more work on the connection meanwhile.
 */
function trackOpenResponses(server: HttpServer, draining: () => boolean) {
  const open = new Set<ServerResponse>()
  server.on('request', (_req, res: ServerResponse) => {
    if (draining()) res.shouldKeepAlive = false
    open.add(res)
    res.once('close', () => open.delete(res))
  })
  return {
    closeWhenAnswered() {
      const closeIdle = () => setImmediate(() => server.closeIdleConnections())
      for (const res of open) {
        if (!res.headersSent) res.shouldKeepAlive = false
        else if (res.writableFinished) closeIdle()
        else res.once('finish', closeIdle)
      }
    },
  }
}
