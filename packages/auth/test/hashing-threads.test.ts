import { afterAll, describe, expect, it } from 'vitest'
import { HashingThreads } from '../src/hashing-threads'

const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }
const threads = new HashingThreads(2)
afterAll(() => threads.close())

describe('HashingThreads', () => {
  it('hashes and verifies argon2id on its threads', async () => {
    const hash = await threads.run({ op: 'hash', password: 'a passphrase', options: OPTIONS })
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    const [right, wrong] = await Promise.all([
      threads.run({ op: 'verify', hash: hash as string, password: 'a passphrase' }),
      threads.run({ op: 'verify', hash: hash as string, password: 'another one' }),
    ])
    expect([right, wrong]).toEqual([true, false])
  })

  it('rejects a malformed hash, and the thread works on', async () => {
    await expect(threads.run({ op: 'verify', hash: 'not a hash', password: 'x' })).rejects.toThrow()
    const hash = await threads.run({ op: 'hash', password: 'again', options: OPTIONS })
    expect(await threads.run({ op: 'verify', hash: hash as string, password: 'again' })).toBe(true)
  })

  it('runs no more at once than it has threads', async () => {
    const small = new HashingThreads(1)
    try {
      const first = small.run({ op: 'hash', password: 'one', options: OPTIONS })
      expect(() => small.run({ op: 'hash', password: 'two', options: OPTIONS })).toThrow(/busy/)
      await first
    } finally {
      await small.close()
    }
  })

  it('fails a job whose thread ends under it, instead of leaving it hanging, and starts a new thread after', async () => {
    const own = new HashingThreads(1)
    try {
      const running = own.run({ op: 'hash', password: 'cut short', options: OPTIONS })
      await own.close()
      await expect(running).rejects.toThrow(/exited|terminated/)
      const hash = await own.run({ op: 'hash', password: 'next', options: OPTIONS })
      expect(await own.run({ op: 'verify', hash: hash as string, password: 'next' })).toBe(true)
    } finally {
      await own.close()
    }
  })
})
