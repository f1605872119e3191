import { availableParallelism } from 'node:os'
import type { Algorithm } from '@node-rs/argon2'
import { HashingQueue } from './hashing-queue'
import { HashingThreads } from './hashing-threads'

/** OWASP's minimum for argon2id: 19 MiB of memory, two passes, one lane. */
const ARGON2ID = {
  // Algorithm.Argon2id: a const enum, which isolated modules cannot read.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

/**
 * The process's one line for password hashing: the cores are the process's, so every caller
 * shares it. Hashing runs on threads of its own at a lower priority (HashingThreads), never
 * on the event loop and never ahead of it; at most one hash per core runs at once (more would
 * not finish sooner, but would crowd the event loop off the cores), and at most about 2 s of
 * work is let in: beyond it, PasswordHashingBusyError at once.
 */
export const passwordHashing = new HashingQueue({ workers: availableParallelism() })
const hashingThreads = new HashingThreads(passwordHashing.workers)

/** Hashes a password with argon2id. Throws PasswordHashingBusyError when at capacity. */
export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(
    async () => (await hashingThreads.run({ op: 'hash', password, options: ARGON2ID })) as string,
  )
}

/**
 * True when `password` matches `passwordHash`. A malformed hash is a mismatch, not an error;
 * a full queue is PasswordHashingBusyError, never a mismatch.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordHashing.run(async () => {
    try {
      return (await hashingThreads.run({ op: 'verify', hash: passwordHash, password })) === true
    } catch {
      return false
    }
  })
}

let dummyHash: Promise<string> | undefined

/**
 * Spends the time of a real verification and returns false. Called when the account does not
 * exist, so that a login's timing does not tell which emails have accounts.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    dummyHash = undefined
    throw error
  })
  await verifyPassword(await dummyHash, password)
  return false
}

/**
 * Measures a hash on this machine and sizes the hashing queue from it (about 2 s of work per
 * core). Call once at start-up; until then the queue is sized from a guess.
 *
 * @example
 * const { msPerHash, capacity } = await calibratePasswordHashing()
 */
export async function calibratePasswordHashing(): Promise<{ msPerHash: number; capacity: number }> {
  // The first hash also pays for warming up the pool: time the second.
  const warm = await hashPassword(crypto.randomUUID())
  dummyHash ??= Promise.resolve(warm)
  const started = performance.now()
  await hashPassword(crypto.randomUUID())
  passwordHashing.size(performance.now() - started)
  return { msPerHash: passwordHashing.msPerHash, capacity: passwordHashing.capacity }
}
