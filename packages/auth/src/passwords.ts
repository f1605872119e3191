import { availableParallelism } from 'node:os'
import { type Algorithm, hash, verify } from '@node-rs/argon2'
import { Semaphore } from './semaphore'

/** OWASP's minimum for argon2id: 19 MiB of memory, two passes, one lane. */
const ARGON2ID = {
  // Algorithm.Argon2id: a const enum, which isolated modules cannot read.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

/**
 * Hashing runs on libuv's thread pool (4 threads by default), never on the event loop. At
 * most one hash per core runs at once: more would not finish sooner, but would crowd the
 * event loop off the cores and hold every pool thread, stalling file and DNS work behind them.
 */
const hashing = new Semaphore(Math.max(1, availableParallelism()))

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2ID))
}

/** True when `password` matches `passwordHash`. A malformed hash is a mismatch, not an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password))
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined

/**
 * Spends the time of a real verification and returns false. Called when the account does not
 * exist, so that a login's timing does not tell which emails have accounts.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID())
  await verifyPassword(await dummyHash, password)
  return false
}
