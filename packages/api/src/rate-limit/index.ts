export { MemoryCounterStore } from './memory-store'
export {
  type Limit,
  LOGIN_ATTEMPTS_FREE,
  type LoginAttempt,
  LoginLockedError,
  RateLimitedError,
  RateLimiter,
} from './rate-limiter'
export type { CounterStore, WindowCount } from './store'
