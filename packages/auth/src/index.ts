export { isCommonPassword } from './common-passwords'
export { clearedSessionCookie, readSessionCookie, SESSION_COOKIE, sessionCookie } from './cookies'
export { OneTimeTokens, oneTimeTokenTtlMs } from './one-time-tokens'
export { hashPassword, verifyDummyPassword, verifyPassword } from './passwords'
export {
  type Invalidation,
  type InvalidationBus,
  SessionCache,
  type SessionCacheOptions,
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
export { generateToken, hashToken } from './tokens'
