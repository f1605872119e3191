import type { IssuedSession, SessionMeta } from '@inkwell/auth'
import type { UserRow } from '@inkwell/db'
import { z } from 'zod'
import type { Context } from '../context'
import { timestamp } from './schemas'
import { setSessionCookie } from './session-cookie'
import { userFromRow, userOutput } from './user'

/** `Issued`: a new session for a user, the token in the body for bearer clients. */
export const issuedOutput = z.object({
  user: userOutput,
  session: z.object({ token: z.string(), expiresAt: timestamp }),
})

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

/** Who signs in: what is recorded with the new session, and the key their rate limits count. */
export interface SignInMeta extends SessionMeta {
  readonly ipKey: string | null
}

/** Session metadata recorded with a new session, and the caller's rate-limit key. */
export function sessionMeta(ctx: Context): SignInMeta {
  return { userAgent: ctx.req.userAgent, ip: ctx.req.ip, ipKey: ctx.req.ipKey }
}
