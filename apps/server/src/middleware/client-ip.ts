import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'

/**
 * The client's IP: the socket's peer, or, behind `trustedProxies` reverse proxies, the
 * address the outermost trusted proxy saw (counted from the right of `X-Forwarded-For`, the
 * only part of that header a client cannot forge).
 */
export function clientIp(c: Context, trustedProxies: number): string | null {
  const socketIp =
    (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress ?? null
  if (trustedProxies === 0) return socketIp
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  return forwarded[forwarded.length - trustedProxies] ?? forwarded[0] ?? socketIp
}
