import { describe, expect, it } from 'vitest'
import {
  calibratePasswordHashing,
  HASHING_BUDGET_MS,
  HashingQueue,
  hashPassword,
  PasswordHashingBusyError,
  passwordHashing,
  verifyDummyPassword,
  verifyPassword,
} from '../src'

/** A job that runs until `release` is called: holds its place in the queue meanwhile. */
function gate(): { job: () => Promise<void>; release: () => void } {
  let release = () => {}
  const done = new Promise<void>((resolve) => {
    release = resolve
  })
  return { job: () => done, release }
}

describe('HashingQueue', () => {
  it('admits about the budget of work: workers × ceil(2000 ms / one hash)', () => {
    expect(new HashingQueue({ workers: 2, msPerHash: 50 }).capacity).toBe(80)
    expect(new HashingQueue({ workers: 4, msPerHash: 300 }).capacity).toBe(4 * 7)
    // A hash slower than the whole budget: still one per worker, none waiting.
    expect(new HashingQueue({ workers: 2, msPerHash: 5000 }).capacity).toBe(2)
    const queue = new HashingQueue({ workers: 2, msPerHash: 50 })
    queue.size(HASHING_BUDGET_MS / 10)
    expect(queue.capacity).toBe(20)
  })

  it('refuses a job at once when full, without running it, and admits again once drained', async () => {
    const queue = new HashingQueue({ workers: 2, msPerHash: 500 })
    expect(queue.capacity).toBe(8)
    const gates = Array.from({ length: 8 }, gate)
    const held = gates.map((g) => queue.run(g.job))
    let ran = false
    const refused = queue.run(async () => {
      ran = true
    })
    const error = await refused.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PasswordHashingBusyError)
    if (!(error instanceof PasswordHashingBusyError)) return
    // Six waiting and two running, at 500 ms a job on two workers: 2 s to drain.
    expect(error.retryAfterSeconds).toBe(2)
    expect(() => queue.assertRoom()).toThrow(PasswordHashingBusyError)
    expect(ran).toBe(false)
    // What metrics read: two running, six waiting, and both refusals counted.
    expect(queue.stats()).toEqual({ running: 2, waiting: 6, capacity: 8, shed: 2 })

    for (const g of gates) g.release()
    await Promise.all(held)
    queue.assertRoom()
    expect(await queue.run(async () => 'ran')).toBe('ran')
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, capacity: 8, shed: 2 })
  })
})

describe('the process-wide password hashing', () => {
  it('is sized at start-up from a hash measured on this machine', async () => {
    const { msPerHash, capacity } = await calibratePasswordHashing()
    expect(msPerHash).toBeGreaterThan(0)
    expect(capacity).toBe(passwordHashing.workers * Math.ceil(HASHING_BUDGET_MS / msPerHash))
    expect(passwordHashing.capacity).toBe(capacity)
  })

  it('answers PasswordHashingBusyError when full: never a false mismatch, never a wait', async () => {
    const hash = await hashPassword('a passphrase to check')
    const gates = Array.from({ length: passwordHashing.capacity }, gate)
    const held = gates.map((g) => passwordHashing.run(g.job))
    try {
      await expect(verifyPassword(hash, 'a passphrase to check')).rejects.toBeInstanceOf(
        PasswordHashingBusyError,
      )
      await expect(hashPassword('another passphrase')).rejects.toBeInstanceOf(
        PasswordHashingBusyError,
      )
      await expect(verifyDummyPassword('whatever')).rejects.toBeInstanceOf(PasswordHashingBusyError)
    } finally {
      for (const g of gates) g.release()
      await Promise.all(held)
    }
    // Nothing was spoiled by the refusals: the dummy hash too is made on the next call.
    expect(await verifyPassword(hash, 'a passphrase to check')).toBe(true)
    expect(await verifyDummyPassword('whatever')).toBe(false)
  })
})
