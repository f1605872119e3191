import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpired, purgeExpiredJob } from '../src'
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
  // Registration mailed each a verification token (once its job ran); use up one of them.
  await h.deps.jobs.settled()
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

describe('the hourly purge', () => {
  it('is scheduled in the database, once for the whole cluster', async () => {
    const scheduling = await createTestHarness({ schedules: true })
    try {
      const { rows } = await sql<{ cron: string; timezone: string }>`
        select cron, timezone from pgboss.schedule where name = ${purgeExpiredJob.name}
      `.execute(scheduling.db.kysely)
      expect(rows).toEqual([{ cron: '0 * * * *', timezone: 'UTC' }])
    } finally {
      await scheduling.close()
    }
    // A second harness: a second database to create and migrate.
  }, 60_000)

  it('does the purge when its job runs', async () => {
    const stale = await signUp(h)
    await h.db.kysely
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', stale.id)
      .execute()

    await h.deps.jobs.enqueue(h.db.kysely, purgeExpiredJob, {})
    await h.deps.jobs.settled()

    const sessions = await h.db.kysely
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', stale.id)
      .execute()
    expect(sessions).toEqual([])
    expect(h.deps.jobs.stats().byJob[purgeExpiredJob.name]).toMatchObject({ completed: 1 })
  })
})
