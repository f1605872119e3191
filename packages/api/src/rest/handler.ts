import { TRPCError } from '@trpc/server'
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import'
import type { Context } from '../context'
import type { ErrorShape } from '../error-formatter'
import { appRouter, createCaller } from '../root'
import { REST_PREFIX } from './route'
import { inputFromQuery, type RestRoute, restRoutesOf } from './routes'

export interface RestHandlerOptions {
  /** Builds the procedure context for one request; `resHeaders` become response headers. */
  readonly createContext: (resHeaders: Headers) => Context
  /** Told of every failed call (the procedure path, when a route matched). */
  readonly onError?: (error: TRPCError, procedurePath: string | undefined) => void
  /** Told which procedure a request is about to call, for the access log. */
  readonly onRoute?: (procedurePath: string) => void
}

/**
 * The REST face of the router: `METHOD /api/v1/<path>` calls the procedure whose
 * `meta.openapi` names that method and path, through the same procedure middleware as `/trpc`
 * (CSRF guard, authentication, scopes, rate limits), the same input and output schemas, and
 * the same error formatter. Errors are tRPC's envelope, `{ error: { message, code, data } }`,
 * with `data.appCode` and `data.fieldErrors`. The input is the path parameters plus the query
 * string (GET, DELETE) or the JSON body (POST, PATCH, PUT).
 *
 * Served here rather than by trpc-to-openapi's own handler, which coerces query strings by
 * switching `coerce` on in the procedures' zod schemas, shared with `/trpc`, and which answers
 * errors in another shape. trpc-to-openapi still generates the document (openapi-document.ts).
 *
 * @example
 * const handle = createRestHandler()
 * app.all('/api/v1/*', (c) => handle(c.req.raw, { createContext: (resHeaders) => … }))
 */
export function createRestHandler() {
  let table: readonly RestRoute[] | undefined // built on the first call, not at start-up
  return async (req: Request, options: RestHandlerOptions): Promise<Response> => {
    table ??= restRoutesOf(appRouter)
    const routes = table
    const resHeaders = new Headers()
    const ctx = options.createContext(resHeaders)
    const url = new URL(req.url)
    const path = url.pathname.slice(REST_PREFIX.length).replace(/\/+$/, '') || '/'
    let route: RestRoute | undefined
    let input: unknown
    try {
      const found = findRoute(routes, req.method, path)
      route = found.route
      options.onRoute?.(route.procedurePath)
      input = await inputOf(req, route, found.params, url)
      const caller = createCaller(ctx) as unknown as Record<string, unknown>
      const procedure = route.procedurePath
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
        input: unknown,
      ) => Promise<unknown>
      const data = await procedure(input)
      resHeaders.set('content-type', 'application/json')
      return new Response(JSON.stringify(data ?? null), { status: 200, headers: resHeaders })
    } catch (cause) {
      if (!(cause instanceof TRPCError)) throw cause // a body over the limit, say: Hono's to answer
      options.onError?.(cause, route?.procedurePath)
      const shape = getErrorShape({
        config: appRouter._def._config,
        error: cause,
        type: route?.type ?? 'unknown',
        path: route?.procedurePath,
        input,
        ctx,
      }) as ErrorShape
      resHeaders.set('content-type', 'application/json')
      if (cause.code === 'METHOD_NOT_SUPPORTED')
        resHeaders.set('allow', allowedMethods(routes, path))
      return new Response(JSON.stringify({ error: shape }), {
        status: shape.data.httpStatus,
        headers: resHeaders,
      })
    }
  }
}

function findRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
): { route: RestRoute; params: Record<string, string> } {
  let pathKnown = false
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (!match) continue
    pathKnown = true
    if (route.method !== method) continue
    const params: Record<string, string> = {}
    route.params.forEach((name, i) => {
      params[name] = decodeSegment(match[i + 1] as string)
    })
    return { route, params }
  }
  if (pathKnown) {
    throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `${method} is not served here` })
  }
  throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found' })
}

function allowedMethods(routes: readonly RestRoute[], path: string): string {
  return routes
    .filter((route) => route.pattern.test(path))
    .map((route) => route.method)
    .join(', ')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Malformed path' })
  }
}

/** Path parameters, then the query string (GET, DELETE) or the JSON body object. */
async function inputOf(
  req: Request,
  route: RestRoute,
  params: Record<string, string>,
  url: URL,
): Promise<unknown> {
  if (!route.hasInput) return undefined
  if (route.method === 'GET' || route.method === 'DELETE') {
    return { ...inputFromQuery(url.searchParams, route.queryKinds), ...params }
  }
  const text = await req.text() // the server's body limit applies while this reads
  if (text.trim() === '') return { ...params }
  const type = req.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new TRPCError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The body must be application/json',
    })
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'The body is not valid JSON' })
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The body must be a JSON object' })
  }
  return { ...body, ...params }
}
