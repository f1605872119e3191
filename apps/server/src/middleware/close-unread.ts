import type { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types'

/** An unread body up to this size is read to its end and thrown away before the answer. */
export const DRAIN_MAX_BYTES = 64 * 1024
/** How long the rest of such a body may take to arrive. */
export const DRAIN_TIMEOUT_MS = 1000

/**
 * Answers that leave the request's body unread (a 413, a 404 to an upload, a refusal before
 * parsing) must not leave the client writing into a closed connection:
 *
 * - A small body (a declared length up to 64 KiB) is read to its end and discarded first,
 *   for at most a second, so the answer goes out on a connection the client has finished
 *   writing to, and the connection stays usable. Otherwise the server would close the socket
 *   under the client's last writes, and clients such as Node 24's fetch report the write's
 *   EPIPE instead of the answer.
 * - A larger, unknown-length or slow body is not read: the answer says `Connection: close`.
 *   The server cannot take another request on that connection before the rest of the body
 *   has arrived, and @hono/node-server cuts such a connection if the rest is slow or large; a
 *   keep-alive client that was not told would send its next request on it and lose it.
 */
export function closeWhenBodyUnread(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    const incoming = c.env?.incoming
    const outgoing = c.env?.outgoing
    if (!incoming || !outgoing || incoming.complete || outgoing.headersSent) return
    if (isSmall(incoming) && (await drained(incoming))) return
    outgoing.shouldKeepAlive = false
  }
}

function isSmall(incoming: IncomingMessage): boolean {
  const length = Number(incoming.headers['content-length'])
  return Number.isInteger(length) && length <= DRAIN_MAX_BYTES
}

/** Reads what is left of the body into nothing; true once it has all arrived in time. */
function drained(incoming: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (complete: boolean) => {
      clearTimeout(timer)
      incoming.off('end', onEnd).off('close', onClose).off('error', onClose)
      resolve(complete)
    }
    const onEnd = () => done(true)
    const onClose = () => done(incoming.complete)
    const timer = setTimeout(() => done(false), DRAIN_TIMEOUT_MS)
    incoming.on('end', onEnd).on('close', onClose).on('error', onClose)
    incoming.resume()
  })
}
