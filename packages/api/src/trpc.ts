import { isApiToken } from '@inkwell/auth'
import { initTRPC, TRPCError } from '@trpc/server'
import type { OpenApiMeta } from 'trpc-to-openapi'
import { AppError } from './app-error'
import type { Auth, Context } from './context'
import { formatError } from './error-formatter'
import { RateLimitedError } from './rate-limit'
import { serviceBusyOf } from './service-busy'

/**
 * Event streams (`notes.onChange`, over SSE) send a ping comment this often while idle, so
 * proxies and load balancers do not close them as idle, and a client notices a dead one.
 */
export const SSE_PING_MS = 15_000

// `meta.openapi` also serves a procedure on the REST face (`/api/v1/…`, see src/rest/).
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    isDev: false,
    sse: {
      ping: { enabled: true, intervalMs: SSE_PING_MS },
      // Told to the client on connect: with no ping for this long, it reconnects (resuming).
      client: { reconnectAfterInactivityMs: 3 * SSE_PING_MS },
    },
    errorFormatter: ({ shape, error, ctx }) =>
      formatError(shape, error, {
        development: ctx?.deps.settings.development ?? false,
        requestId: ctx?.req.requestId,
      }),
  })

export const router = t.router
export const createCallerFactory = t.createCallerFactory

/**
 * Cookie-authenticated mutations must come from one of the app's origins (or say
 * `Sec-Fetch-Site: same-origin`). Bearer requests carry no ambient credentials: no check.
 */
function assertSameSite(ctx: Context, type: string): void {
  if (type !== 'mutation') return
  if (ctx.credential?.via !== 'cookie') return
  const sameOrigin = ctx.req.secFetchSite === 'same-origin'
  const allowed = ctx.req.origin !== null && ctx.deps.settings.appOrigins.includes(ctx.req.origin)
  if (!sameOrigin && !allowed) throw new AppError('CSRF_REJECTED', 'Cross-site request refused')
}

/**
 * What every procedure gets, around its own guard (`guarded`): the CSRF guard; shed load (a
 * full password-hashing queue) answered as 503 `SERVICE_BUSY` rather than a 500; and a
 * `Retry-After` header on a rate-limit or busy refusal. Each kind of procedure below is one
 * middleware that does this and its own check, then calls `next` once: tRPC copies a call's
 * options for every middleware, and a chain of them was a tenth of a cached `users.me`.
 */
async function edgeRules<Result extends { ok: boolean; error?: unknown }>(
  ctx: Context,
  type: string,
  guarded: () => Promise<Result>,
): Promise<Result> {
  assertSameSite(ctx, type)
  let result: Result
  try {
    result = await guarded()
  } catch (cause) {
    // The guard itself refused; the same rules apply to what it threw.
    if (!(cause instanceof TRPCError)) throw cause
    const busy = refusalOf(ctx, cause)
    throw busy ?? cause
  }
  if (result.ok || !(result.error instanceof TRPCError)) return result
  // Thrown from a middleware, it becomes the call's error in place of the original.
  const busy = refusalOf(ctx, result.error)
  if (busy && busy !== result.error) throw busy
  return result
}

/** Sets `Retry-After` for a rate-limit or busy refusal; the busy error `error` stands for. */
function refusalOf(ctx: Context, error: TRPCError) {
  const busy = serviceBusyOf(error)
  const refusal = busy ?? (error instanceof RateLimitedError ? error : null)
  if (refusal) ctx.resHeaders.set('retry-after', String(refusal.retryAfterSeconds))
  return busy
}

/** The caller behind a valid credential: 401, or 403 for a `read` token's mutation. */
async function authOf(ctx: Context, type: string): Promise<Auth> {
  const auth = await ctx.auth()
  if (!auth) throw new AppError('NOT_AUTHENTICATED', 'Sign in to continue')
  if (auth.kind === 'apiToken' && auth.scope === 'read' && type === 'mutation') {
    throw new AppError('INSUFFICIENT_SCOPE', 'This API token may only read')
  }
  return auth
}

/** Anyone may call it. */
export const publicProcedure = t.procedure.use(({ ctx, type, next }) =>
  edgeRules(ctx, type, () => next()),
)

/**
 * Needs a valid credential, a session or an API token: 401 `NOT_AUTHENTICATED` otherwise.
 * A `read` API token may only query: 403 `INSUFFICIENT_SCOPE` on a mutation. Adds the `Auth`
 * fields (`kind`, `user`, …) to the context.
 */
export const authedProcedure = t.procedure.use(({ ctx, type, next }) =>
  edgeRules(ctx, type, async () => next({ ctx: await authOf(ctx, type) })),
)

function sessionRequired(): AppError {
  return new AppError('SESSION_REQUIRED', 'API tokens cannot manage credentials: sign in')
}

/**
 * For public credential procedures (logout, password reset, email verification): anyone may
 * call them, but not with an API token (403 `SESSION_REQUIRED`), valid or not.
 */
export const publicCredentialProcedure = t.procedure.use(({ ctx, type, next }) =>
  edgeRules(ctx, type, () => {
    if (ctx.credential && isApiToken(ctx.credential.token)) throw sessionRequired()
    return next()
  }),
)

/**
 * Needs a valid session: 401 `NOT_AUTHENTICATED` without one, 403 `SESSION_REQUIRED` for an
 * API token. The procedures that manage credentials (sessions, passwords, API tokens) are
 * built on it, so a leaked script token cannot be turned into more access. Adds `session`.
 */
export const sessionProcedure = t.procedure.use(({ ctx, type, next }) =>
  edgeRules(ctx, type, async () => {
    const auth = await ctx.auth()
    if (!auth) throw new AppError('NOT_AUTHENTICATED', 'Sign in to continue')
    if (auth.kind !== 'session') throw sessionRequired()
    return next({ ctx: auth })
  }),
)

/** Needs an admin, signed in or through an API token: 403 `FORBIDDEN` for anyone else. */
export const adminProcedure = t.procedure.use(({ ctx, type, next }) =>
  edgeRules(ctx, type, async () => {
    const auth = await authOf(ctx, type)
    if (auth.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Admins only')
    return next({ ctx: auth })
  }),
)
