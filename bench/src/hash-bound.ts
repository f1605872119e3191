import { availableParallelism } from 'node:os'
import { hashPassword, verifyPassword } from '@inkwell/auth'
import { verifySync } from '@node-rs/argon2'
import { median } from './stats'

export interface HashBound {
  /** Median time of one argon2id verification computed on this thread (the hash alone), ms. */
  readonly verifyMs: number
  /** Median wall time of one verification through libuv's pool, one at a time, as the server runs it, ms. */
  readonly pooledVerifyMs: number
  readonly cores: number
  /** libuv threads available to hashing (UV_THREADPOOL_SIZE, default 4). */
  readonly threads: number
  /** The most logins per second the machine can hash: min(cores, threads) / verify time. */
  readonly loginsPerSecond: number
  /**
   * Verifications per second actually reached with `min(cores, threads)` running at once in
   * this process: below the bound when the cores do not scale (shared caches, memory bandwidth:
   * argon2id is memory-hard) or are busy with other work.
   */
  readonly parallelPerSecond: number
  /** The same with `threads` at once (libuv's whole pool, as the server can run them), when that is more. */
  readonly poolPerSecond: number | undefined
}

/**
 * Measures what bounds `auth.login` by design: one argon2id verification at the server's own
 * parameters (a hash made by the server's own `hashPassword`), timed alone on this thread, and
 * through the server's own `verifyPassword` (libuv's pool: the hash plus the hand-off).
 */
export async function measureHashBound(rounds = 30): Promise<HashBound> {
  const password = 'bench-hash-bound-password'
  const hash = await hashPassword(password)
  await verifyPassword(hash, password)
  const alone: number[] = []
  const pooled: number[] = []
  for (let i = 0; i < rounds; i++) {
    let started = performance.now()
    verifySync(hash, password)
    alone.push(performance.now() - started)
    started = performance.now()
    await verifyPassword(hash, password)
    pooled.push(performance.now() - started)
  }
  const verifyMs = median(alone)
  const pooledVerifyMs = median(pooled)
  const cores = availableParallelism()
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4
  const lanes = Math.min(cores, threads)

  const rate = async (atOnce: number) => {
    let done = 0
    const started = performance.now()
    const until = started + PARALLEL_MS
    await Promise.all(
      Array.from({ length: atOnce }, async () => {
        while (performance.now() < until) {
          await verifyPassword(hash, password)
          done++
        }
      }),
    )
    return (done * 1000) / (performance.now() - started)
  }
  const parallelPerSecond = await rate(lanes)
  const poolPerSecond = threads > lanes ? await rate(threads) : undefined
  return {
    verifyMs,
    pooledVerifyMs,
    cores,
    threads,
    loginsPerSecond: (lanes * 1000) / verifyMs,
    parallelPerSecond,
    poolPerSecond,
  }
}

const PARALLEL_MS = 2000
