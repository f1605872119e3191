import { availableParallelism } from 'node:os'
import { hashPassword, verifyPassword } from '@inkwell/auth'
import { median } from './stats'

export interface HashBound {
  /** Median wall time of one argon2id verification, alone on an idle thread, ms. */
  readonly verifyMs: number
  readonly cores: number
  /** libuv threads available to hashing (UV_THREADPOOL_SIZE, default 4). */
  readonly threads: number
  /** The most logins per second the machine can hash: min(cores, threads) / verify time. */
  readonly loginsPerSecond: number
}

/**
 * Measures what bounds `auth.login` by design: one argon2id verification at the server's own
 * parameters (the function the server calls), timed one at a time after a warm-up.
 */
export async function measureHashBound(rounds = 12): Promise<HashBound> {
  const password = 'bench-hash-bound-password'
  const hash = await hashPassword(password)
  await verifyPassword(hash, password)
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const started = performance.now()
    await verifyPassword(hash, password)
    times.push(performance.now() - started)
  }
  const verifyMs = median(times)
  const cores = availableParallelism()
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4
  return { verifyMs, cores, threads, loginsPerSecond: (Math.min(cores, threads) * 1000) / verifyMs }
}
