import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import { expectAppError, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
})
afterAll(() => h.close())

describe('note writes: 300 a minute per account', () => {
  it('refuses the 301st write with RATE_LIMITED and Retry-After; other accounts go on', {
    timeout: 60_000,
  }, async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    // Every kind of write counts: creates, edits, trash and restore (75 of each).
    const created = await Promise.all(
      Array.from({ length: 75 }, (_, i) => notes.create({ title: `note ${i}` })),
    )
    await Promise.all(
      created.map((n) => notes.update({ id: n.id, version: n.version, title: 'x' })),
    )
    await Promise.all(created.map((n) => notes.delete({ id: n.id })))
    await Promise.all(created.map((n) => notes.restore({ id: n.id })))
    await expectAppError(notes.create({ title: 'one too many' }), 'RATE_LIMITED', 429)
    const retryAfter = Number(h.lastHeaders().get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // Nothing was written by the refused call.
    expect((await notes.list({ limit: 100 })).items).toHaveLength(75)

    const bob = await signUp(h)
    await expect(
      h.caller({ token: bob.token }).notes.create({ title: 'mine' }),
    ).resolves.toBeTruthy()
  })

  it('leaves reads alone', { timeout: 60_000 }, async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    for (let i = 0; i < 350; i++) await notes.list({ limit: 1 })
    await expect(notes.tags()).resolves.toEqual([])
  })
})
