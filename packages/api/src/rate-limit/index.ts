export { MemoryCounterStore } from './memory-store'
export { type Limit, RateLimitedError, RateLimiter } from './rate-limiter'
export { RedisCounterStore } from './redis-store'
export type { CounterStore, WindowCount } from './store'
