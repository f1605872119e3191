import { createHash, timingSafeEqual } from 'node:crypto'
import type { Handler } from 'hono'
import type { AppEnv } from '../types'
import type { AppMetrics } from './app-metrics'

const sha256 = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /metrics`: the Prometheus text exposition, for `Authorization: Bearer <token>` only.
 * Anything else (no metrics configured, no bearer, a wrong one) is the app's plain 404, so
 * the endpoint does not reveal that it exists. Digests are compared, in constant time, so
 * neither the token's content nor its length leaks through timing.
 */
export function metricsRoute(
  metrics: AppMetrics | undefined,
  token: string | undefined,
): Handler<AppEnv> {
  const expected = token ? sha256(token) : undefined
  return async (c) => {
    if (!metrics || !expected) return c.notFound()
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1] || !timingSafeEqual(sha256(match[1]), expected)) return c.notFound()
    c.header('content-type', metrics.registry.contentType)
    c.header('cache-control', 'no-store')
    return c.body(await metrics.render())
  }
}
