import type { ApiDeps } from '@inkwell/api'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { sql } from 'kysely'
import { errorEnvelope } from './errors'
import type { Logger } from './logger'
import { accessLog } from './middleware/access-log'
import type { InFlight } from './middleware/in-flight'
import { serveWebApp } from './static-app'
import { trpcHandler } from './trpc-handler'
import type { AppEnv } from './types'

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024

export interface AppOptions {
  readonly deps: ApiDeps
  readonly logger: Logger
  /** How many reverse proxies in front of us to trust with `X-Forwarded-For`. Default 0. */
  readonly trustedProxies?: number
  /** Extra readiness checks (Redis, say); each throws when not ready. */
  readonly readinessChecks?: readonly (() => Promise<unknown>)[]
  /** True once shutdown has begun: `/readyz` answers 503 so load balancers drain us. */
  readonly draining?: () => boolean
  /** The built web app to serve from this origin (static files, SPA fallback). Unset: API only. */
  readonly webRoot?: string | undefined
  /** Counts running handlers, so shutdown can wait for them before closing the pool. */
  readonly inFlight?: InFlight
}

/**
 * The HTTP app: `/trpc`, `/healthz`, `/readyz`, and the middleware around them. Holds no
 * business logic and no module-level state: a test builds one on its own database.
 *
 * @example
 * const app = createApp({ deps, logger })
 * const res = await app.request('/healthz')
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { deps, logger } = options
  const app = new Hono<AppEnv>()

  if (options.inFlight) app.use(options.inFlight.middleware)
  app.use(requestId())
  app.use(accessLog(logger))
  app.use(secureHeaders())
  app.use(
    '/trpc/*',
    cors({
      origin: (origin) => (deps.settings.appOrigins.includes(origin) ? origin : null),
      credentials: true,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['content-type', 'authorization', 'x-request-id', 'trpc-accept'],
      exposeHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    }),
  )
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) =>
      c.json(
        errorEnvelope(
          413,
          'PAYLOAD_TOO_LARGE',
          'Request body is larger than 1 MiB',
          c.get('requestId'),
        ),
        413,
      ),
  })
  // Queries are GETs without a body: nothing to limit, and the check would cost them a Request.
  app.use('/trpc/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  )

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    if (options.draining?.()) return c.json({ status: 'draining' }, 503)
    try {
      await withTimeout(sql`select 1`.execute(deps.db), 2000)
      for (const check of options.readinessChecks ?? []) await withTimeout(check(), 2000)
      return c.json({ status: 'ready' })
    } catch (err) {
      logger.warn({ err, requestId: c.get('requestId') }, 'not ready')
      return c.json({ status: 'unavailable' }, 503)
    }
  })

  app.all('/trpc/*', trpcHandler({ deps, logger, trustedProxies: options.trustedProxies ?? 0 }))
  if (options.webRoot) app.use(serveWebApp({ root: options.webRoot }))

  app.notFound((c) => c.json(errorEnvelope(404, 'NOT_FOUND', 'Not found'), 404))
  app.onError((err, c) => {
    logger.error({ err, requestId: c.get('requestId') }, 'unhandled error')
    return c.json(
      errorEnvelope(500, 'INTERNAL_ERROR', 'Internal server error', c.get('requestId')),
      500,
    )
  })
  return app
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
