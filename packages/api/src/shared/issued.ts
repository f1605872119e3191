import type { IssuedSession } from '@inkwell/auth'
import type { UserRow } from '@inkwell/db'
import type { Context } from '../context'
import { userFromRow } from '../modules/users/schema'
import { setSessionCookie } from './session-cookie'

/**
 * Hands a new session to the client both ways: as the cookie (browsers) and in the body
 * (`Issued`, for bearer clients).
 */
export function deliverSession(ctx: Context, user: UserRow, issued: IssuedSession) {
  setSessionCookie(ctx, issued.token, issued.session.expiresAt)
  return {
    user: userFromRow(user),
    session: { token: issued.token, expiresAt: issued.session.expiresAt.toISOString() },
  }
}

/** Session metadata recorded with a new session. */
export function sessionMeta(ctx: Context) {
  return { userAgent: ctx.req.userAgent, ip: ctx.req.ip }
}
