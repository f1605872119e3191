export {
  type Auth,
  type Context,
  type CreateContextOptions,
  createContext,
  type RequestMeta,
  requestMeta,
} from './context'
export type { ApiDeps, ApiSettings } from './deps'
export type { ErrorData, ErrorShape } from './error-formatter'
export { type AppCode, AppError, appCodes } from './errors'
export { purgeExpired } from './maintenance'
export { ensureFirstAdmin, type FirstAdminResult } from './modules/admin/service'
export { type CounterStore, MemoryCounterStore, RateLimiter, RedisCounterStore } from './rate-limit'
export {
  type AppRouter,
  appRouter,
  createCaller,
  type RouterInputs,
  type RouterOutputs,
} from './root'
export { RedisInvalidationBus } from './sessions/redis-invalidation-bus'
