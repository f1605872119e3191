import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { purgeExpired } from '../src'
import { createTestHarness, type TestHarness } from '../src/testing'
import { isSignedIn, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

it('purges expired sessions and spent tokens, and leaves live ones alone', async () => {
  const live = await signUp(h)
  const stale = await signUp(h)
  await h.db.kysely
    .updateTable('sessions')
    .set({ expires_at: sql<Date>`now() - interval '1 second'` })
    .where('user_id', '=', stale.id)
    .execute()
  // Registration mailed each a verification token; use up one of them.
  await h.db.kysely
    .updateTable('one_time_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', stale.id)
    .execute()

  const purged = await purgeExpired(h.deps)
  expect(purged.sessions).toBeGreaterThanOrEqual(1)
  expect(purged.tokens).toBeGreaterThanOrEqual(1)

  const sessionsLeft = await h.db.kysely.selectFrom('sessions').select('user_id').execute()
  expect(sessionsLeft.map((s) => s.user_id)).toEqual([live.id])
  const tokensLeft = await h.db.kysely.selectFrom('one_time_tokens').select('user_id').execute()
  expect(tokensLeft.map((t) => t.user_id)).toEqual([live.id])
  expect(await isSignedIn(h, live.token)).toBe(true)
})
