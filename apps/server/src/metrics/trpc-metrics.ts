import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types'
import type { AppMetrics, CallRecord } from './app-metrics'
import { procedureLabel, UNKNOWN_PROCEDURE } from './procedure-label'

/** More paths than a batch may carry: counted as one unknown call, not one per name. */
const MAX_PATHS = 10

/**
 * Counts every call under `/trpc` by procedure and status, and times it. The tRPC handler
 * leaves each call's own status in `trpcCalls` (a batch answers one per call); an answer that
 * never reached it (413 from the body limit) is counted with the response's status, by the
 * procedures its URL names. CORS preflights are not calls.
 */
export function trpcMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next()
    const started = performance.now()
    await next()
    const seconds = (performance.now() - started) / 1000
    metrics.record(callsOf(c.get('trpcCalls'), c.req.path, c.res.status), seconds)
  }
}

function callsOf(
  calls: AppEnv['Variables']['trpcCalls'],
  path: string,
  responseStatus: number,
): CallRecord[] {
  if (calls) {
    return calls.procedures.map((procedure, i) => ({
      procedure,
      status: calls.statuses[i] ?? responseStatus,
    }))
  }
  const names = path.slice('/trpc/'.length).split(',')
  if (names.length > MAX_PATHS) return [{ procedure: UNKNOWN_PROCEDURE, status: responseStatus }]
  return names.map((name) => ({ procedure: procedureLabel(name), status: responseStatus }))
}
