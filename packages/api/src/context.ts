import { readSessionCookie, type Session, type SessionUser } from '@inkwell/auth'
import type { ApiDeps } from './deps'

/** What the HTTP layer tells the API about a request. */
export interface RequestMeta {
  readonly requestId: string
  readonly ip: string | null
  readonly userAgent: string | null
  readonly origin: string | null
  readonly secFetchSite: string | null
  readonly authorization: string | null
  readonly cookie: string | null
}

export interface Auth {
  readonly session: Session
  readonly user: SessionUser
  /** How the token came: a browser cookie (CSRF rules apply) or a bearer header. */
  readonly via: 'cookie' | 'bearer'
  /** The session token the request presented (a secret: never log it). */
  readonly token: string
}

export interface Context {
  readonly deps: ApiDeps
  readonly req: RequestMeta
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
  let auth: Promise<Auth | null> | undefined
  return {
    deps,
    req,
    resHeaders,
    log,
    auth: () => {
      auth ??= authenticate(deps, req).then((result) => {
        if (result) log.userId = result.user.id
        return result
      })
      return auth
    },
  }
}

/** The bearer token of an `Authorization` header, if well-formed. */
export function bearerToken(authorization: string | null): string | null {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null
  return match?.[1] ?? null
}

async function authenticate(deps: ApiDeps, req: RequestMeta): Promise<Auth | null> {
  const bearer = bearerToken(req.authorization)
  const token = bearer ?? readSessionCookie(req.cookie)
  if (!token || token.length > 128) return null
  const valid = await deps.sessions.validate(token)
  return valid ? { ...valid, via: bearer ? 'bearer' : 'cookie', token } : null
}

/** A RequestMeta with every field empty but those given: for tests and scripts. */
export function requestMeta(overrides: Partial<RequestMeta> = {}): RequestMeta {
  return {
    requestId: 'local',
    ip: '127.0.0.1',
    userAgent: null,
    origin: null,
    secFetchSite: null,
    authorization: null,
    cookie: null,
    ...overrides,
  }
}
