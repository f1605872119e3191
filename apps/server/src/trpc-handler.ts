import { type ApiDeps, appRouter, createContext } from '@inkwell/api'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import type { Context } from 'hono'
import type { Logger } from './logger'
import { clientIp } from './middleware/client-ip'
import type { AppEnv } from './types'

/** The most calls one batched request may carry. The client's `maxItems` matches it. */
export const MAX_BATCH_SIZE = 10

export interface TrpcHandlerOptions {
  readonly deps: ApiDeps
  readonly logger: Logger
  readonly trustedProxies: number
}

/** Serves the tRPC router under `/trpc`, with a context built from the deps and the request. */
export function trpcHandler({ deps, logger, trustedProxies }: TrpcHandlerOptions) {
  return (c: Context<AppEnv>) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders }) => {
        const ctx = createContext({
          deps,
          resHeaders,
          req: {
            requestId: c.get('requestId'),
            ip: clientIp(c, trustedProxies),
            userAgent: c.req.header('user-agent') ?? null,
            origin: c.req.header('origin') ?? null,
            secFetchSite: c.req.header('sec-fetch-site') ?? null,
            authorization: c.req.header('authorization') ?? null,
            cookie: c.req.header('cookie') ?? null,
          },
        })
        c.set('apiLog', ctx.log)
        return ctx
      },
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          logger.error(
            { err: error.cause ?? error, requestId: c.get('requestId'), procedure: path },
            'procedure failed',
          )
        }
      },
    })
}
