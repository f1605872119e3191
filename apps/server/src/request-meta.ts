import type { RequestMeta } from '@inkwell/api'
import type { Context } from 'hono'
import { clientIp, rateLimitKeyOf } from './client-ip'
import type { AppEnv } from './types'

/** What the API is told about a request, from its headers and socket: `/trpc` and `/api/v1` alike. */
export function requestMetaOf(c: Context<AppEnv>, trustedProxies: number): RequestMeta {
  const ip = clientIp(c, trustedProxies)
  return {
    requestId: c.get('requestId'),
    ip,
    ipKey: rateLimitKeyOf(ip),
    userAgent: c.req.header('user-agent') ?? null,
    origin: c.req.header('origin') ?? null,
    secFetchSite: c.req.header('sec-fetch-site') ?? null,
    authorization: c.req.header('authorization') ?? null,
    cookie: c.req.header('cookie') ?? null,
  }
}
