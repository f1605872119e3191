import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { type CounterStore, MemoryCounterStore, RedisCounterStore } from '../src'

// The same contract, in memory and (when TEST_REDIS_URL is set) in Redis.
const redisUrl = process.env.TEST_REDIS_URL
const redis = redisUrl ? new Redis(redisUrl) : undefined
afterAll(async () => {
  await redis?.quit()
})

const stores: [string, () => CounterStore][] = [
  ['memory', () => new MemoryCounterStore()],
  ...(redis
    ? ([['redis', () => new RedisCounterStore(redis, `inkwell:test:${crypto.randomUUID()}:`)]] as [
        string,
        () => CounterStore,
      ][])
    : []),
]

describe.each(stores)('%s counter store: extend', (_, makeStore) => {
  it('creates an absent key with the TTL and reports 0 left', async () => {
    const store = makeStore()
    expect(await store.extend('lock', 5_000)).toBe(0)
    const open = await store.peek('lock')
    expect(open?.resetMs).toBeGreaterThan(4_000)
    expect(open?.resetMs).toBeLessThanOrEqual(5_000)
  })

  it('only ever lengthens: the expiry is the later of the current and the new one', async () => {
    const store = makeStore()
    await store.extend('lock', 60_000)
    const left = await store.extend('lock', 1_000)
    expect(left).toBeGreaterThan(59_000)
    expect((await store.peek('lock'))?.resetMs).toBeGreaterThan(59_000)
    expect(await store.extend('lock', 120_000)).toBeGreaterThan(59_000)
    expect((await store.peek('lock'))?.resetMs).toBeGreaterThan(119_000)
  })

  it('treats an expired key as absent', async () => {
    const store = makeStore()
    await store.extend('lock', 20)
    await sleep(60)
    expect(await store.peek('lock')).toBeNull()
    expect(await store.extend('lock', 1_000)).toBe(0)
  })

  it('is atomic: of many parallel calls on an absent key, exactly one finds nothing left', async () => {
    const store = makeStore()
    const lefts = await Promise.all(Array.from({ length: 50 }, () => store.extend('race', 10_000)))
    expect(lefts.filter((left) => left === 0)).toHaveLength(1)
  })
})
