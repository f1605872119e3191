export { isCommonPassword } from './common-passwords'
export { clearedSessionCookie, readSessionCookie, SESSION_COOKIE, sessionCookie } from './cookies'
export {
  HASHING_BUDGET_MS,
  HashingQueue,
  type HashingQueueOptions,
  type HashingQueueStats,
  PasswordHashingBusyError,
} from './hashing-queue'
export { OneTimeTokens, oneTimeTokenTtlMs } from './one-time-tokens'
export {
  calibratePasswordHashing,
  hashPassword,
  passwordHashing,
  verifyDummyPassword,
  verifyPassword,
} from './passwords'
export { Semaphore, SemaphoreFullError } from './semaphore'
export {
  type Invalidation,
  type InvalidationBus,
  SessionCache,
  type SessionCacheOptions,
  type SessionCacheStats,
} from './session-cache'
export {
  defaultSessionPolicy,
  type IssuedSession,
  type Session,
  SessionManager,
  type SessionMeta,
  type SessionPolicy,
  type SessionUser,
  type ValidSession,
} from './sessions'
export {
  API_TOKEN_PREFIX,
  generateApiToken,
  generateToken,
  hashToken,
  isApiToken,
} from './tokens'
