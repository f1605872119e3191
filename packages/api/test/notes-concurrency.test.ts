import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../src/app-error'
import { createTestHarness, type TestHarness } from '../src/testing'

let h: TestHarness
let token: string
beforeAll(async () => {
  h = await createTestHarness()
  const { session } = await h
    .caller()
    .auth.register({ email: 'cas@example.com', password: 'a long passphrase', name: 'Cas' })
  token = session.token
})
afterAll(() => h.close())

describe('notes.update under concurrency', () => {
  it('lets exactly one of eight updates carrying the same version win', async () => {
    const notes = h.caller({ token }).notes
    const note = await notes.create({ title: 'Shared', content: 'v1' })
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        notes.update({ id: note.id, version: note.version, content: `writer ${i}` }),
      ),
    )
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []))
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(7)
    for (const error of lost) expect(error).toBeInstanceOf(AppError)
    expect(lost.map((e: AppError) => e.appCode)).toEqual(Array(7).fill('VERSION_CONFLICT'))

    const stored = await notes.get({ id: note.id })
    expect(stored.version).toBe(note.version + 1)
    expect(stored.content).toBe(
      (won[0] as PromiseFulfilledResult<{ content: string }>).value.content,
    )
  })
})
