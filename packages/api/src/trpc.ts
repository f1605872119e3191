import { readSessionCookie } from '@inkwell/auth'
import { initTRPC } from '@trpc/server'
import { bearerToken, type Context } from './context'
import { formatError } from './error-formatter'
import { AppError } from './errors'
import { RateLimitedError } from './rate-limit'

const t = initTRPC.context<Context>().create({
  isDev: false,
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
  if (readSessionCookie(ctx.req.cookie) === null || bearerToken(ctx.req.authorization)) return
  const sameOrigin = ctx.req.secFetchSite === 'same-origin'
  const allowed = ctx.req.origin !== null && ctx.deps.settings.appOrigins.includes(ctx.req.origin)
  if (!sameOrigin && !allowed) throw new AppError('CSRF_REJECTED', 'Cross-site request refused')
}

/**
 * What every procedure gets, in one middleware (each one costs a copy of the call's options):
 * the CSRF guard, and a `Retry-After` header on a rate-limit refusal.
 */
const edgeRules = t.middleware(async ({ ctx, type, next }) => {
  assertSameSite(ctx, type)
  const result = await next()
  if (!result.ok && result.error instanceof RateLimitedError) {
    ctx.resHeaders.set('retry-after', String(result.error.retryAfterSeconds))
  }
  return result
})

/** Anyone may call it. */
export const publicProcedure = t.procedure.use(edgeRules)

/** Needs a valid session: 401 `NOT_AUTHENTICATED` otherwise. Adds `session`, `user`, `via`. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth = await ctx.auth()
  if (!auth) throw new AppError('NOT_AUTHENTICATED', 'Sign in to continue')
  return next({ ctx: auth })
})

/** Needs an admin's session: 403 `FORBIDDEN` for anyone else. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Admins only')
  return next()
})
