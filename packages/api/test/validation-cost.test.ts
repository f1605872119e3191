import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { RouterInputs } from '../src/root'
import { createTestHarness, type TestHarness } from '../src/testing'
import { type Account, expectAppError, signUp, wireError } from './helpers'

let h: TestHarness
let ada: Account
beforeAll(async () => {
  h = await createTestHarness()
  ada = await signUp(h)
})
afterAll(() => h?.close())

type CreateInput = RouterInputs['notes']['create']
const notes = () => h.caller({ token: ada.token }).notes

/** Every message of every field, counted. */
const messageCount = (fieldErrors: Record<string, string[]> | undefined) =>
  Object.values(fieldErrors ?? {}).reduce((sum, messages) => sum + messages.length, 0)

describe('an over-long array is refused before its items are looked at', () => {
  it('20,000 empty tags: one message, the length, not one per tag', async () => {
    const input = { title: 't', tags: Array<string>(20_000).fill('') }
    const error = await expectAppError(notes().create(input), 'VALIDATION_FAILED', 400)
    expect(error.data.fieldErrors).toEqual({ tags: ['At most 20 tags'] })
  })

  it('the same on update, and for a list of values that are not even strings', async () => {
    const note = await notes().create({ title: 't' })
    const tags = Array.from({ length: 20_000 }, (_, i) => ({ i }))
    const error = await expectAppError(
      notes().update({
        id: note.id,
        version: 1,
        tags,
      } as unknown as RouterInputs['notes']['update']),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors).toEqual({ tags: ['At most 20 tags'] })
  })

  it('keeps the item type for clients: the length check does not widen it to unknown[]', () => {
    expectTypeOf<CreateInput['tags']>().toEqualTypeOf<string[] | undefined>()
  })

  it('still reads a short list item by item, and still folds duplicates before counting', async () => {
    const error = await expectAppError(
      notes().create({ title: 't', tags: ['ok', '', 'a'.repeat(33)] }),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors?.tags).toHaveLength(2)
    // 40 spellings of one tag are one tag.
    const spellings = Array.from({ length: 40 }, (_, i) => (i % 2 ? ' Work ' : 'WORK'))
    expect((await notes().create({ title: 't', tags: spellings })).tags).toEqual(['work'])
  })

  it('an input with many bad items gets at most 10 messages per field', async () => {
    // 20 items, each one bad: within the length, so each is checked.
    const tags = Array.from({ length: 20 }, () => 'x'.repeat(40))
    const error = await expectAppError(
      notes().create({ title: 't', tags } as CreateInput),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors?.tags).toHaveLength(10)
  })
})

describe('the error formatter bounds its work', () => {
  /**
   * The wire error of a failed input check with these issues: what tRPC throws, a BAD_REQUEST
   * whose cause is the ZodError the parse threw.
   */
  function formatted(issues: readonly { path: (string | number)[]; message: string }[]) {
    const schema = z.unknown().superRefine((_, ctx) => {
      for (const { path, message } of issues) ctx.addIssue({ code: 'custom', path, message })
    })
    const cause = schema.safeParse(null).error
    return wireError(Promise.reject(new TRPCError({ code: 'BAD_REQUEST', cause })))
  }

  const issue = (path: (string | number)[], message: string) => ({ path, message })

  it('keeps at most 10 messages per field, however many issues there are', async () => {
    const issues = Array.from({ length: 20_000 }, (_, i) => issue(['tags', i], `bad tag ${i}`))
    const error = await formatted(issues)
    expect(error.data.appCode).toBe('VALIDATION_FAILED')
    expect(error.data.fieldErrors?.tags).toEqual(
      Array.from({ length: 10 }, (_, i) => `bad tag ${i}`),
    )
  })

  it('reads a bounded number of issues, so many fields cannot make the answer large', async () => {
    const issues = Array.from({ length: 20_000 }, (_, i) => issue([`field${i}`], 'bad'))
    const count = messageCount((await formatted(issues)).data.fieldErrors)
    expect(count).toBeGreaterThan(0)
    expect(count).toBeLessThanOrEqual(100)
  })
})
