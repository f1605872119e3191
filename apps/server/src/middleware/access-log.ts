import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../logger'
import type { AppEnv } from '../types'

/**
 * One log line per request, when it ends: request id, method, path, procedure(s) (tRPC or REST), status,
 * duration and user id. Never headers or bodies, so no secret can reach it.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.res.status
    // Below `info` only failures are written: build nothing for the rest.
    if (status < 500 && !logger.isLevelEnabled('info')) return
    const procedure =
      c.get('procedure') ??
      (c.req.path.startsWith('/trpc/') ? safeDecode(c.req.path.slice(6)) : undefined)
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      ...(procedure ? { procedure } : {}),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(c.get('apiLog')?.userId ? { userId: c.get('apiLog')?.userId } : {}),
    }
    if (status >= 500) logger.error(line, 'request failed')
    else logger.info(line, 'request')
  }
}

/** A client may send any bytes in a path: a malformed escape must not turn the line into a 500. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
