import {
  type ApiDeps,
  appRouter,
  createContext,
  type ErrorShape,
  resolveJsonCalls,
} from '@inkwell/api'
import type { TRPCError } from '@trpc/server'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import type { TRPCRequestInfo } from '@trpc/server/http'
import type { TRPCResponse } from '@trpc/server/rpc'
import type { Context } from 'hono'
import { jsonCallsOf } from './json-calls-request'
import type { Logger } from './logger'
import { procedureLabel, UNKNOWN_PROCEDURE } from './metrics/procedure-label'
import { requestMetaOf } from './request-meta'
import type { AppEnv } from './types'

/** The most calls one batched request may carry. The client's `maxItems` matches it. */
export const MAX_BATCH_SIZE = 10

export interface TrpcHandlerOptions {
  readonly deps: ApiDeps
  readonly logger: Logger
  readonly trustedProxies: number
  /** Leave each call's procedure and status in `trpcCalls`, for the metrics. */
  readonly recordCalls?: boolean
}

/**
 * Serves the tRPC router under `/trpc`, with a context built from the deps and the request.
 * Plain calls, single or batched (see `jsonCallsOf`), are answered by `resolveJsonCalls`,
 * which skips the fetch adapter's `Request`, `AbortSignal`s and `Response` and answers the
 * same; everything else (subscriptions, streaming, forms, unknown procedures) goes through
 * the fetch adapter.
 */
export function trpcHandler({ deps, logger, trustedProxies, recordCalls }: TrpcHandlerOptions) {
  const contextFor = (c: Context<AppEnv>) => (resHeaders: Headers) => {
    const ctx = createContext({ deps, resHeaders, req: requestMetaOf(c, trustedProxies) })
    c.set('apiLog', ctx.log)
    return ctx
  }
  const onErrorFor = (c: Context<AppEnv>) => (error: TRPCError, path: string | undefined) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      logger.error(
        { err: error.cause ?? error, requestId: c.get('requestId'), procedure: path },
        'procedure failed',
      )
    }
  }
  return async (c: Context<AppEnv>) => {
    const plain = jsonCallsOf(c, MAX_BATCH_SIZE)
    const answer =
      plain &&
      (await resolveJsonCalls({ ...plain, createContext: contextFor(c), onError: onErrorFor(c) }))
    if (plain && answer) {
      if (recordCalls) {
        c.set('trpcCalls', {
          procedures: plain.paths.map(procedureLabel),
          statuses: answer.statuses,
        })
      }
      return new Response(answer.body, { status: answer.status, headers: answer.headers })
    }
    const createCtx = contextFor(c)
    const onError = onErrorFor(c)
    return fetchRequestHandler({
      endpoint: '/trpc',
      req: asJsonIfBodyless(c.req.raw),
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) => createCtx(resHeaders),
      ...(recordCalls
        ? {
            responseMeta: ({ info, data }) => {
              c.set('trpcCalls', callsOf(info, data))
              return {}
            },
          }
        : {}),
      onError: ({ error, path }) => onError(error, path),
    })
  }
}

/**
 * Each call's procedure label and status. `data` holds one answer per call, in order, unless
 * the response is streamed (then empty: the statuses are not known yet). A request tRPC could
 * not read has no calls, and one answer: an unknown call.
 */
function callsOf(
  info: TRPCRequestInfo | undefined,
  data: readonly TRPCResponse<unknown, ErrorShape>[],
): NonNullable<AppEnv['Variables']['trpcCalls']> {
  const procedures = info
    ? info.calls.map((call) => procedureLabel(call.path))
    : [UNKNOWN_PROCEDURE]
  const statuses = procedures.map((_, i) => {
    const answer = data[i]
    if (!answer) return undefined
    return 'error' in answer ? answer.error.data.httpStatus : 200
  })
  return { procedures, statuses }
}

/**
 * `curl -X POST …/trpc/auth.logout` sends neither a body nor a content type: a call with no
 * input, which tRPC would refuse with 415 for the missing type. It is handed on as an empty
 * JSON request, which tRPC reads as no input. A body of another (or no) type is still refused.
 */
function asJsonIfBodyless(req: Request): Request {
  if (req.method !== 'POST' || req.headers.has('content-type')) return req
  const length = req.headers.get('content-length')
  if (req.headers.has('transfer-encoding') || (length !== null && length.trim() !== '0')) return req
  const headers = new Headers(req.headers)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  return new Request(req.url, { method: 'POST', headers, signal: req.signal })
}
