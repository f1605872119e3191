import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../types'
import type { ApiFace, AppMetrics, CallRecord } from './app-metrics'
import { procedureLabel, UNKNOWN_PROCEDURE } from './procedure-label'

/** More paths than a batch may carry: counted as one unknown call, not one per name. */
const MAX_PATHS = 10

/**
 * Times each request through one face of the API and counts its calls (`callsOf`, read once
 * the answer is ready). CORS preflights are not calls.
 */
function callMetrics(
  metrics: AppMetrics,
  face: ApiFace,
  callsOf: (c: Context<AppEnv>) => readonly CallRecord[],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next()
    const started = performance.now()
    await next()
    metrics.record(callsOf(c), (performance.now() - started) / 1000, face)
  }
}

/**
 * Counts every call under `/trpc` by procedure and status, and times it. The tRPC handler
 * leaves each call's own status in `trpcCalls` (a batch answers one per call); an answer that
 * never reached it (413 from the body limit) is counted with the response's status, by the
 * procedures its URL names.
 */
export function trpcMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return callMetrics(metrics, 'trpc', (c) =>
    trpcCallsOf(c.get('trpcCalls'), c.req.path, c.res.status),
  )
}

/**
 * Counts every call under the REST face (`/api/v1`) by the procedure its route ran and by
 * status, and times it. A path no route matches counts as `unknown`, so random paths mint no
 * new series.
 */
export function restMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return callMetrics(metrics, 'rest', (c) => [
    { procedure: procedureLabel(c.get('procedure')), status: c.res.status },
  ])
}

function trpcCallsOf(
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
