import { type ApiDeps, createContext, createRestHandler } from '@inkwell/api'
import type { Context } from 'hono'
import type { Logger } from './logger'
import { requestMetaOf } from './request-meta'
import type { AppEnv } from './types'

export interface RestHandlerOptions {
  readonly deps: ApiDeps
  readonly logger: Logger
  readonly trustedProxies: number
}

/**
 * Serves the REST face under `/api/v1`: the same procedures, context and error envelope as
 * `/trpc` (packages/api's createRestHandler), with the request's meta read the same way.
 */
export function restHandler({ deps, logger, trustedProxies }: RestHandlerOptions) {
  const handle = createRestHandler()
  return (c: Context<AppEnv>) =>
    handle(c.req.raw, {
      createContext: (resHeaders) => {
        const ctx = createContext({ deps, resHeaders, req: requestMetaOf(c, trustedProxies) })
        c.set('apiLog', ctx.log)
        return ctx
      },
      onRoute: (procedure) => c.set('procedure', procedure),
      onError: (error, procedure) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          logger.error(
            { err: error.cause ?? error, requestId: c.get('requestId'), procedure },
            'procedure failed',
          )
        }
      },
    })
}
