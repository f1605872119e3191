import { clearedSessionCookie, sessionCookie } from '@inkwell/auth'
import type { Context } from '../context'

/** Sets the browser session cookie on the response. */
export function setSessionCookie(ctx: Context, token: string, expiresAt: Date): void {
  ctx.resHeaders.append(
    'set-cookie',
    sessionCookie(token, expiresAt, ctx.deps.settings.secureCookies),
  )
}

/** Removes the browser session cookie. */
export function clearSessionCookie(ctx: Context): void {
  ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.deps.settings.secureCookies))
}
