import { expect, it } from 'vitest'
import { retryDelay } from '../src/engine'
import { device, signUp, useListeningServer } from './support'

// Rate limits on, as in production: this file is about the server's refusals.
const server = useListeningServer({ rateLimits: true })

it('keeps the wait the server asks for on a 429, and tries no sooner', async () => {
  const phone = device(server, await signUp(server))
  // Spend the account's note writes for this minute (300) from another client.
  for (let i = 0; i < 300; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        phone.server.notes.create.mutate({ title: `n${i + k}` }),
      ),
    )
  }
  await phone.engine.create({ title: 'One too many' })
  await expect(phone.engine.sync()).rejects.toThrow()
  const { error, pending } = phone.engine.getState()
  expect(pending).toBe(1)
  expect(error).toMatchObject({ kind: 'server', appCode: 'RATE_LIMITED' })
  expect(error?.retryAfterMs).toBeGreaterThanOrEqual(1000)
  // However short the backoff, the next try waits that long.
  expect(retryDelay(1, 1_000, 60_000, error?.retryAfterMs)).toBe(error?.retryAfterMs)
  expect(retryDelay(1, 1_000, 60_000, undefined)).toBeLessThanOrEqual(1_000)
})
