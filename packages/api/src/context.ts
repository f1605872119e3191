import { isApiToken, readSessionCookie, type Session, type SessionUser } from '@inkwell/auth'
import type { ApiTokenScope } from '@inkwell/db'
import { validateApiToken } from './modules/tokens/service'
import type { ApiDeps } from './wiring/api-deps'

/** What the HTTP layer tells the API about a request. */
export interface RequestMeta {
  readonly requestId: string
  /** The client's address, as recorded with a session and in security events. */
  readonly ip: string | null
  /**
   * What per-address rate limits count by: the server's key for `ip` (an IPv6 address's /64,
   * since one subscriber holds all of it). Key limits with this, never with `ip`.
   */
  readonly ipKey: string | null
  readonly userAgent: string | null
  readonly origin: string | null
  readonly secFetchSite: string | null
  readonly authorization: string | null
  readonly cookie: string | null
}

/**
 * The credential a request presents, read once from its headers: a bearer token (mobile apps,
 * scripts) wins over the session cookie (browsers). `via` decides the CSRF rule: only cookies
 * are sent by a browser on its own, so only they need the origin check.
 */
export interface Credential {
  /** The token as sent (a secret: never log it). Not yet validated. */
  readonly token: string
  readonly via: 'cookie' | 'bearer'
}

/**
 * The caller behind a valid session token: the session, its live user, and how the token came.
 * Procedures built on `sessionProcedure` get these fields in their `ctx`.
 *
 * @example
 * sessionProcedure.query(({ ctx }) => ctx.session.id) // ctx: Context & SessionAuth
 */
export interface SessionAuth extends Credential {
  readonly kind: 'session'
  readonly session: Session
  readonly user: SessionUser
}

/**
 * The caller behind a valid API token (`Authorization: Bearer ink_…`, never a cookie): its
 * live user and the token's scope. It cannot manage credentials (`SESSION_REQUIRED`), and a
 * `read` token cannot run mutations (`INSUFFICIENT_SCOPE`).
 */
export interface ApiTokenAuth extends Credential {
  readonly kind: 'apiToken'
  readonly via: 'bearer'
  readonly apiTokenId: string
  readonly scope: ApiTokenScope
  readonly user: SessionUser
}

/**
 * The caller behind a valid credential: a session or an API token. Procedures built on
 * `authedProcedure` get these fields in their `ctx`; `kind` tells which.
 *
 * @example
 * authedProcedure.query(({ ctx }) => ctx.user.id) // ctx: Context & Auth
 */
export type Auth = SessionAuth | ApiTokenAuth

/**
 * What every procedure receives: the injected dependencies, what the HTTP layer said about the
 * request, the credential it presented, and a lazy, memoised check of that credential.
 *
 * @example
 * publicProcedure.query(async ({ ctx }) => {
 *   const auth = await ctx.auth() // null when signed out
 *   return ctx.deps.db.selectFrom('notes').where('user_id', '=', auth?.user.id ?? '')…
 * })
 */
export interface Context {
  readonly deps: ApiDeps
  readonly req: RequestMeta
  /** The credential the request presented (cookie or bearer), unchecked; null when none. */
  readonly credential: Credential | null
  /** Headers added to the HTTP response (cookies, Retry-After). */
  readonly resHeaders: Headers
  /** The caller's session, validated on first use and memoised for the request (and batch). */
  readonly auth: () => Promise<Auth | null>
  /** Filled in as the request runs, for the server's log line. */
  readonly log: { userId?: string }
}

export interface CreateContextOptions {
  readonly deps: ApiDeps
  readonly req: RequestMeta
  readonly resHeaders?: Headers
}

/**
 * Builds the context for one request (one batch) from the injected dependencies.
 *
 * @example
 * const caller = appRouter.createCaller(createContext({ deps, req: requestMeta({ authorization: `Bearer ${token}` }) }))
 */
export function createContext({
  deps,
  req,
  resHeaders = new Headers(),
}: CreateContextOptions): Context {
  const log: Context['log'] = {}
  const credential = readCredential(req)
  let auth: Promise<Auth | null> | undefined
  return {
    deps,
    req,
    credential,
    resHeaders,
    log,
    auth: () => {
      auth ??= authenticate(deps, credential).then((result) => {
        if (result) log.userId = result.user.id
        return result
      })
      return auth
    },
  }
}

/**
 * The request's credential: the token of a well-formed `Authorization: Bearer …` header, else
 * the session cookie, else null.
 */
export function readCredential(
  req: Pick<RequestMeta, 'authorization' | 'cookie'>,
): Credential | null {
  const bearer = req.authorization ? /^Bearer\s+(\S+)\s*$/i.exec(req.authorization)?.[1] : undefined
  if (bearer) return { token: bearer, via: 'bearer' }
  const cookie = readSessionCookie(req.cookie)
  return cookie === null ? null : { token: cookie, via: 'cookie' }
}

/**
 * Validates the credential: an `ink_` bearer token against the API tokens, anything else
 * against the session store. The caller, or null. A long-lived call (an event stream) runs it
 * again to see whether its credential still holds.
 */
export async function authenticate(
  deps: ApiDeps,
  credential: Credential | null,
): Promise<Auth | null> {
  if (!credential || credential.token.length > 128) return null
  if (isApiToken(credential.token)) {
    // API tokens are for scripts: a browser's cookie never carries one.
    if (credential.via !== 'bearer') return null
    const valid = await validateApiToken(deps.db, credential.token)
    return valid
      ? {
          kind: 'apiToken',
          token: credential.token,
          via: 'bearer',
          apiTokenId: valid.apiToken.id,
          scope: valid.apiToken.scope,
          user: valid.user,
        }
      : null
  }
  const valid = await deps.sessions.validate(credential.token)
  return valid ? { kind: 'session', ...valid, ...credential } : null
}

/**
 * A RequestMeta with every field empty but those given: for tests and scripts. `ipKey`
 * defaults to the given `ip` as it is.
 */
export function requestMeta(overrides: Partial<RequestMeta> = {}): RequestMeta {
  const ip = overrides.ip === undefined ? '127.0.0.1' : overrides.ip
  return {
    requestId: 'local',
    ip,
    ipKey: ip,
    userAgent: null,
    origin: null,
    secFetchSite: null,
    authorization: null,
    cookie: null,
    ...overrides,
  }
}
