import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import { adminRouter } from './modules/admin/router'
import { authRouter } from './modules/auth/router'
import { notesRouter } from './modules/notes/router'
import { usersRouter } from './modules/users/router'
import { createCallerFactory, router } from './trpc'

/** The whole API. Each module is one folder under `modules/`, composed here. */
export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  admin: adminRouter,
  notes: notesRouter,
})

export type AppRouter = typeof appRouter
export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>

/** Calls procedures in process, without HTTP: `createCaller(createContext(...))`. */
export const createCaller = createCallerFactory(appRouter)
