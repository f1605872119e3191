import type { ServerOptions } from 'node:http'

/** How long a client may take, in milliseconds. */
export interface HttpTimeouts {
  /** To send the request's headers. */
  readonly headersMs: number
  /** To send the whole request, body included (not to read the answer: streams may run on). */
  readonly requestMs: number
  /** To send the next request on an idle keep-alive connection. */
  readonly keepAliveMs: number
}

/**
 * Options for Node's HTTP server that bound how long a client may hold a connection without
 * finishing its request: a slow or stalled client (slowloris) is answered 408 and cut off
 * instead of holding a socket for Node's defaults (60 s for headers, 5 min for the request).
 * Node checks these only every `connectionsCheckingInterval` (30 s by default): that check
 * runs here often enough that a limit is kept within a quarter of itself, and within 5 s.
 *
 * @example
 * serve({ fetch: app.fetch, port, serverOptions: httpServerOptions({ headersMs: 20_000, requestMs: 120_000, keepAliveMs: 65_000 }) })
 */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(timeouts.headersMs / 4))),
  }
}
