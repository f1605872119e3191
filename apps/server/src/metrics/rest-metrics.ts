import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types'
import type { AppMetrics } from './app-metrics'
import { procedureLabel } from './procedure-label'

/**
 * Counts every call under the REST face (`/api/v1`) by the procedure its route ran and by
 * status, and times it: `inkwell_rest_calls_total`, beside the tRPC figures. A path no route
 * matches counts as `unknown`, so random paths mint no new series. CORS preflights are not
 * calls.
 */
export function restMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next()
    const started = performance.now()
    await next()
    const seconds = (performance.now() - started) / 1000
    metrics.record(
      [{ procedure: procedureLabel(c.get('procedure')), status: c.res.status }],
      seconds,
      'rest',
    )
  }
}
