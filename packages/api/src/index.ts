export { type AppCode, AppError, appCodes } from './app-error'
export {
  type ApiTokenAuth,
  type Auth,
  type Context,
  type CreateContextOptions,
  type Credential,
  createContext,
  type RequestMeta,
  readCredential,
  requestMeta,
  type SessionAuth,
} from './context'
export type { ErrorData, ErrorShape } from './error-formatter'
export { type JsonCalls, type JsonCallsAnswer, resolveJsonCalls } from './http/json-calls'
export {
  AVATAR_MAX_BYTES,
  AVATAR_MAX_PIXELS,
  AVATAR_SIZE,
  AvatarEncoder,
  type AvatarEncoderOptions,
} from './images/avatar-encoder'
export {
  defaultLiveLimits,
  type LiveLimits,
  LiveStreams,
} from './live/live-streams'
export type { NoteEventBus, NotesChanged } from './live/note-event-bus'
export { purgeExpired, purgeExpiredJob } from './maintenance'
export {
  ensureFirstAdmin,
  FirstAdminError,
  type FirstAdminResult,
} from './modules/admin/first-admin'
export { readAvatar } from './modules/users/avatars'
export { type CounterStore, MemoryCounterStore, RateLimiter } from './rate-limit'
export { createRestHandler, type RestHandlerOptions } from './rest/handler'
export { type OpenApiDocumentOptions, openApiDocument } from './rest/openapi-document'
export { REST_PREFIX } from './rest/route'
export {
  type AppRouter,
  appRouter,
  createCaller,
  type RouterInputs,
  type RouterOutputs,
} from './root'
export {
  noSecurityLog,
  type SecurityEventName,
  type SecurityLog,
  securityLogOf,
} from './shared/security-events'
export type { ApiDeps, ApiSettings } from './wiring/api-deps'
export {
  type CreateApiDepsOptions,
  createApiDeps,
  type JobQueueSettings,
  type StartJobsOptions,
  type WiredApi,
} from './wiring/create-api-deps'
export { RedisCounterStore } from './wiring/redis/counter-store'
export { RedisInvalidationBus } from './wiring/redis/invalidation-bus'
