import { type ApiDeps, AVATAR_MAX_BYTES, REST_PREFIX } from '@inkwell/api'
import type { PoolStats } from '@inkwell/db'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { sql } from 'kysely'
import { avatarRoute } from './avatar-route'
import { docsRoutes } from './docs-routes'
import { errorEnvelope } from './error-envelope'
import type { Logger } from './logger'
import { AppMetrics } from './metrics/app-metrics'
import { restMetrics, trpcMetrics } from './metrics/call-metrics'
import { metricsRoute } from './metrics/metrics-route'
import { accessLog } from './middleware/access-log'
import { closeWhenBodyUnread } from './middleware/close-unread'
import type { RunningHandlers } from './middleware/running-handlers'
import { restHandler } from './rest-handler'
import { serveWebApp } from './static-app'
import { trpcHandler } from './trpc-handler'
import type { AppEnv } from './types'

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024

/**
 * A client's `X-Request-Id` is kept (to follow a call across services) only when it is this
 * short and made of `[A-Za-z0-9_=-]`; otherwise the server makes one. It is echoed and written
 * to every log line of the request, so it must not carry anything else.
 */
export const MAX_REQUEST_ID_LENGTH = 64
/** The one call that takes a bigger body: an avatar upload, as multipart/form-data. */
export const UPLOAD_PATH = '/trpc/users.uploadAvatar'
/** An upload's body limit: the largest image (5 MiB) and room for the multipart framing. */
export const UPLOAD_BODY_LIMIT_BYTES = AVATAR_MAX_BYTES + 64 * 1024

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
  readonly runningHandlers?: RunningHandlers
  /** Serve `GET /metrics` to this bearer token (`METRICS_TOKEN`). Unset: it is a 404. */
  readonly metrics?: MetricsOptions | undefined
}

export interface MetricsOptions {
  readonly token: string
  /** The database pool now (`Db.poolStats`). Unset: the pool figures are left out. */
  readonly dbPool?: (() => PoolStats) | undefined
}

/**
 * The HTTP app: `/trpc`, its REST face `/api/v1` (with `/openapi.json` and `/docs`),
 * `/healthz`, `/readyz`, `/metrics` (with `metrics`), and the middleware around them. Holds no
 * business logic and no module-level state: a test builds one on its own database.
 *
 * @example
 * const app = createApp({ deps, logger })
 * const res = await app.request('/healthz')
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { deps, logger } = options
  const app = new Hono<AppEnv>()
  const metrics = options.metrics
    ? new AppMetrics({ deps, dbPool: options.metrics.dbPool })
    : undefined

  if (options.runningHandlers) app.use(options.runningHandlers.middleware)
  app.use(closeWhenBodyUnread())
  app.use(requestId({ limitLength: MAX_REQUEST_ID_LENGTH }))
  app.use(accessLog(logger))
  app.use(secureHeaders())
  // Before the body limit, so that its 413s are counted too.
  if (metrics) {
    app.use('/trpc/*', trpcMetrics(metrics))
    app.use(`${REST_PREFIX}/*`, restMetrics(metrics))
  }
  const apiCors = cors({
    origin: (origin) => (deps.settings.appOrigins.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization', 'x-request-id', 'trpc-accept'],
    exposeHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  })
  app.use('/trpc/*', apiCors)
  app.use(`${REST_PREFIX}/*`, apiCors)
  const limitBody = bodyLimitOf(BODY_LIMIT_BYTES, '1 MiB')
  const limitUpload = bodyLimitOf(UPLOAD_BODY_LIMIT_BYTES, '5 MiB')
  // Queries are GETs without a body: nothing to limit, and the check would cost them a Request.
  app.use('/trpc/*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    return isUpload(c) ? limitUpload(c, next) : limitBody(c, next)
  })
  app.use(`${REST_PREFIX}/*`, (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    return limitBody(c, next)
  })

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

  const trustedProxies = options.trustedProxies ?? 0
  app.get('/metrics', metricsRoute(metrics, options.metrics?.token))
  app.all('/trpc/*', trpcHandler({ deps, logger, trustedProxies, recordCalls: Boolean(metrics) }))
  app.all(`${REST_PREFIX}/*`, restHandler({ deps, logger, trustedProxies }))
  app.route('/', docsRoutes(deps))
  app.get('/avatars/:file', avatarRoute(deps))
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

/**
 * Refuses a body over `maxSize` with 413, from its Content-Length or while it streams in.
 * With a Content-Length (and no Transfer-Encoding) the length decides, as in Hono's
 * `bodyLimit`, but without first building a `Request` to ask whether there is a body: Node's
 * parser reads no more than the length says. Other bodies go through Hono's `bodyLimit`.
 */
function bodyLimitOf(maxSize: number, label: string): MiddlewareHandler<AppEnv> {
  const onError = (c: Context<AppEnv>) =>
    c.json(
      errorEnvelope(
        413,
        'PAYLOAD_TOO_LARGE',
        `Request body is larger than ${label}`,
        c.get('requestId'),
      ),
      413,
    )
  const streamed = bodyLimit({ maxSize, onError })
  return (c, next) => {
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return streamed(c, next)
    }
    return Number.parseInt(length, 10) > maxSize ? Promise.resolve(onError(c)) : next()
  }
}

/** An avatar upload: only that call, and only as a form, gets the bigger body limit. */
function isUpload(c: Context<AppEnv>): boolean {
  const type = c.req.header('content-type') ?? ''
  return c.req.path === UPLOAD_PATH && /^multipart\/form-data\s*;/i.test(type)
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
