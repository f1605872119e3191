import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import { adminRouter } from './modules/admin/router'
import { authRouter } from './modules/auth/router'
import { notesRouter } from './modules/notes/router'
import { tokensRouter } from './modules/tokens/router'
import { usersRouter } from './modules/users/router'
import { createCallerFactory, router } from './trpc'

/** The whole API. Each module is one folder under `modules/`, composed here. */
export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  admin: adminRouter,
  notes: notesRouter,
  tokens: tokensRouter,
})

/**
 * The type of the whole API, the one thing a consumer imports from the server (as a type
 * only: no server code reaches a client bundle). `@inkwell/client` re-exports it.
 *
 * @example
 * import type { AppRouter } from '@inkwell/api'
 * const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] })
 * const me = await client.users.me.query() // typed as User
 */
export type AppRouter = typeof appRouter
export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>

/** Calls procedures in process, without HTTP: `createCaller(createContext(...))`. */
export const createCaller = createCallerFactory(appRouter)
