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
export const middleware = t.middleware
export const createCallerFactory = t.createCallerFactory

/**
 * Cookie-authenticated mutations must come from one of the app's origins (or say
 * `Sec-Fetch-Site: same-origin`). Bearer requests carry no ambient credentials: no check.
 */
const csrfGuard = t.middleware(({ ctx, type, next }) => {
  const cookieAuthenticated =
    readSessionCookie(ctx.req.cookie) !== null && !bearerToken(ctx.req.authorization)
  if (type === 'mutation' && cookieAuthenticated) {
    const sameOrigin = ctx.req.secFetchSite === 'same-origin'
    const allowed = ctx.req.origin !== null && ctx.deps.settings.appOrigins.includes(ctx.req.origin)
    if (!sameOrigin && !allowed) throw new AppError('CSRF_REJECTED', 'Cross-site request refused')
  }
  return next()
})

/** Turns a rate-limit refusal into a `Retry-After` header. */
const retryAfter = t.middleware(async ({ ctx, next }) => {
  const result = await next()
  if (!result.ok && result.error instanceof RateLimitedError) {
    ctx.resHeaders.set('retry-after', String(result.error.retryAfterSeconds))
  }
  return result
})

/** Anyone may call it. */
export const publicProcedure = t.procedure.use(retryAfter).use(csrfGuard)

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
