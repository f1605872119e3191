import type { Redis } from 'ioredis'
import type { CounterStore, WindowCount } from '../../rate-limit/store'

// One round trip, atomic: count the hit, open the window on the first one, report its TTL.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }
`

// One round trip, atomic: the key's expiry becomes max(current, ARGV[1]); returns what was left.
const EXTEND = `
local left = redis.call('PTTL', KEYS[1])
if left == -2 then
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[1])
  return 0
end
if left < 0 then left = 0 end
if left < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return left
`

/** Counters in Redis, shared by every server instance. */
export class RedisCounterStore implements CounterStore {
  readonly #redis: Redis
  readonly #prefix: string

  /** `prefix` namespaces the keys (tests give each file its own). */
  constructor(redis: Redis, prefix = 'inkwell:rl:') {
    this.#redis = redis
    this.#prefix = prefix
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.#redis.eval(HIT, 1, this.#prefix + key, windowMs)) as [
      number,
      number,
    ]
    return { count, resetMs: ttl }
  }

  async peek(key: string): Promise<WindowCount | null> {
    const [count, ttl] = await this.#redis
      .multi()
      .get(this.#prefix + key)
      .pttl(this.#prefix + key)
      .exec()
      .then((replies) => (replies ?? []).map(([, value]) => value) as [string | null, number])
    if (count === null || ttl <= 0) return null
    return { count: Number(count), resetMs: ttl }
  }

  async extend(key: string, ttlMs: number): Promise<number> {
    return (await this.#redis.eval(EXTEND, 1, this.#prefix + key, ttlMs)) as number
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(this.#prefix + key)
  }

  async close(): Promise<void> {}
}
