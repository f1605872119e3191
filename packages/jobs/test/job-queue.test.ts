import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  type AnyJobDefinition,
  createJobQueue,
  defineJob,
  type JobQueue,
  type JobQueueOptions,
  type JobRun,
} from '../src'
import { eventually, jobsOf, memoryLogger, uniqueName } from './helpers'

/** What the test handlers get as their context: a list to record their runs in. */
interface Seen {
  readonly runs: { payload: unknown; run: JobRun }[]
}

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

const started: JobQueue<Seen>[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((queue) => queue.stop(1_000)))
})

function queueOf(
  jobs: AnyJobDefinition<Seen>[],
  options: Partial<JobQueueOptions<Seen>> = {},
): JobQueue<Seen> {
  const queue = createJobQueue<Seen>({
    db: db.kysely,
    jobs,
    pollingIntervalSeconds: 0.1,
    deadLetterIntervalSeconds: 0.2,
    ...options,
  })
  started.push(queue)
  return queue
}

const payload = z.object({ n: z.number() })

/** A job that records each run, and throws on the attempts listed in `failOn`. */
function recordingJob(label: string, failOn: number[] = [], retry = {}) {
  return defineJob<{ n: number }, Seen>({
    name: uniqueName(label),
    payload,
    retry,
    async handle(data, seen, run) {
      seen.runs.push({ payload: data, run })
      if (failOn.includes(run.attempt)) throw new Error(`attempt ${run.attempt} failed`)
    },
  })
}

describe('enqueue', () => {
  it('writes the job with the caller’s transaction: none if it rolls back, one if it commits', async () => {
    const job = recordingJob('transactional')
    const seen: Seen = { runs: [] }
    const queue = queueOf([job])
    await queue.start({ worker: { context: seen, schedules: false } })

    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await queue.enqueue(trx, job, { n: 1 })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const id = await db.kysely.transaction().execute((trx) => queue.enqueue(trx, job, { n: 2 }))
    await queue.settled()

    expect(seen.runs.map((r) => [r.payload, r.run.id, r.run.attempt])).toEqual([[{ n: 2 }, id, 1]])
    expect((await jobsOf(db, job.name)).map((j) => [j.id, j.state])).toEqual([[id, 'completed']])
    expect(queue.stats().byJob[job.name]).toEqual({ completed: 1, failed: 0, gaveUp: 0 })
    expect(await queue.backlog()).toEqual({ [job.name]: { created: 0, retry: 0, active: 0 } })
  })

  it('refuses a payload that does not match the job’s schema, enqueueing nothing', async () => {
    const job = recordingJob('validated')
    const queue = queueOf([job])
    await queue.start()
    await expect(queue.enqueue(db.kysely, job, { n: 'one' } as never)).rejects.toThrow()
    expect(await jobsOf(db, job.name)).toEqual([])
  })

  it('refuses a job the queue was not given', async () => {
    const queue = queueOf([recordingJob('known')])
    await queue.start()
    await expect(queue.enqueue(db.kysely, recordingJob('unknown'), { n: 1 })).rejects.toThrow(
      /not registered/,
    )
  })
})

describe('retries', () => {
  it('retries a failed attempt later, the first time within 30 s, with the error kept', async () => {
    const job = recordingJob('retried', [1])
    const logger = memoryLogger()
    const queue = queueOf([job], { logger })
    await queue.start({ worker: { context: { runs: [] }, schedules: false } })
    await queue.enqueue(db.kysely, job, { n: 1 })

    const row = await eventually(async () =>
      (await jobsOf(db, job.name)).find((j) => j.state === 'retry'),
    )
    const wait = (row.start_after.getTime() - Date.now()) / 1000
    expect(wait).toBeGreaterThan(5)
    expect(wait).toBeLessThanOrEqual(30)
    expect(row.output).toEqual({ message: 'attempt 1 failed' })
    expect(queue.stats().byJob[job.name]).toMatchObject({ failed: 1, gaveUp: 0 })
    expect((await queue.backlog())[job.name]).toEqual({ created: 0, retry: 1, active: 0 })
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'job failed; will retry' }),
    )
  })

  it('runs the retry, as the same job, and completes it', async () => {
    const job = recordingJob('recovers', [1], { retryLimit: 2, retryDelaySeconds: 1 })
    const seen: Seen = { runs: [] }
    const queue = queueOf([job])
    await queue.start({ worker: { context: seen, schedules: false } })
    const id = await queue.enqueue(db.kysely, job, { n: 7 })

    await eventually(async () => (await jobsOf(db, job.name)).find((j) => j.state === 'completed'))
    expect(seen.runs.map((r) => [r.run.id, r.run.attempt, r.run.lastAttempt])).toEqual([
      [id, 1, false],
      [id, 2, false],
    ])
  })

  it('gives up after the last attempt: logged as an error and counted, once', async () => {
    const job = recordingJob('doomed', [1, 2], { retryLimit: 1, retryDelaySeconds: 1 })
    const seen: Seen = { runs: [] }
    const logger = memoryLogger()
    const queue = queueOf([job], { logger })
    await queue.start({ worker: { context: seen, schedules: false } })
    await queue.enqueue(db.kysely, job, { n: 1 })

    await eventually(() => (queue.stats().byJob[job.name]?.gaveUp ? true : undefined), 20_000)
    await queue.settled()
    expect(seen.runs.map((r) => [r.run.attempt, r.run.lastAttempt])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(queue.stats().byJob[job.name]).toEqual({ completed: 0, failed: 2, gaveUp: 1 })
    expect((await jobsOf(db, job.name)).map((j) => j.state)).toEqual(['failed'])
    const gaveUp = logger.lines.filter((line) => line.level === 'error')
    expect(gaveUp).toEqual([
      {
        level: 'error',
        message: 'job gave up after its last attempt',
        details: { job: job.name, err: { message: 'attempt 2 failed' } },
      },
    ])
  })

  it('fails an attempt that runs out of time, aborting its signal, and retries it', async () => {
    const signals: AbortSignal[] = []
    const job = defineJob<{ n: number }, Seen>({
      name: uniqueName('slow'),
      payload,
      retry: { retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 1 },
      async handle(_data, _seen, run) {
        signals.push(run.signal)
        // The first attempt hangs; the retry is quick.
        if (run.attempt === 1) await new Promise(() => {})
      },
    })
    const queue = queueOf([job])
    await queue.start({ worker: { context: { runs: [] }, schedules: false } })
    await queue.enqueue(db.kysely, job, { n: 1 })

    await eventually(
      async () => (await jobsOf(db, job.name)).find((j) => j.state === 'completed'),
      20_000,
    )
    expect(signals.map((s) => s.aborted)).toEqual([true, false])
  })
})

describe('stop', () => {
  it('waits for the job in hand to finish', async () => {
    let finished = false
    let begun!: () => void
    const running = new Promise<void>((resolve) => {
      begun = resolve
    })
    const job = defineJob<{ n: number }, Seen>({
      name: uniqueName('finishing'),
      payload,
      async handle() {
        begun()
        await new Promise((resolve) => setTimeout(resolve, 300))
        finished = true
      },
    })
    const queue = queueOf([job])
    await queue.start({ worker: { context: { runs: [] }, schedules: false } })
    await queue.enqueue(db.kysely, job, { n: 1 })
    await running

    await queue.stop(10_000)
    expect(finished).toBe(true)
    expect((await jobsOf(db, job.name)).map((j) => j.state)).toEqual(['completed'])
  })

  it('fails a job still running after the grace period, so it is retried', async () => {
    let begun!: () => void
    const running = new Promise<void>((resolve) => {
      begun = resolve
    })
    const job = defineJob<{ n: number }, Seen>({
      name: uniqueName('stuck'),
      payload,
      async handle() {
        begun()
        await new Promise(() => {})
      },
    })
    const queue = queueOf([job])
    await queue.start({ worker: { context: { runs: [] }, schedules: false } })
    await queue.enqueue(db.kysely, job, { n: 1 })
    await running

    await queue.stop(200)
    const [row] = await jobsOf(db, job.name)
    expect(row).toMatchObject({
      state: 'retry',
      output: { message: expect.stringMatching(/stop/) },
    })
  })
})

describe('instances', () => {
  it('an enqueue-only instance (WORKER=off) works nothing and schedules nothing', async () => {
    const job = recordingJob('api-only')
    const ticking = defineJob<Record<string, never>, Seen>({
      name: uniqueName('api-only-tick'),
      payload: z.object({}).strict(),
      schedule: { cron: '* * * * *' },
      async handle() {},
    })
    const apiOnly = queueOf([job, ticking], { cronIntervalSeconds: 1 })
    await apiOnly.start()
    const id = await apiOnly.enqueue(db.kysely, job, { n: 1 })

    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect((await jobsOf(db, job.name)).map((j) => j.state)).toEqual(['created'])
    expect(await scheduleOf(ticking.name)).toBeUndefined()
    expect(await jobsOf(db, ticking.name)).toEqual([])

    // A worker instance on the same database picks the job up.
    const seen: Seen = { runs: [] }
    const worker = queueOf([job, ticking])
    await worker.start({ worker: { context: seen, schedules: false } })
    await worker.settled()
    expect(seen.runs.map((r) => r.run.id)).toEqual([id])
  })

  it('instances starting together all start, creating each queue once', async () => {
    // Creating a queue is DDL; done concurrently by several instances it used to deadlock.
    const jobs = ['a', 'b', 'c', 'd'].map((label) => recordingJob(`together-${label}`))
    const instances = [0, 1, 2].map(() => queueOf(jobs))
    await Promise.all(instances.map((queue) => queue.start()))
    const { rows } = await sql<{ name: string }>`
      select name from pgboss.queue where name = any(${jobs.map((j) => j.name)}) order by name`.execute(
      db.kysely,
    )
    expect(rows.map((r) => r.name)).toEqual(jobs.map((j) => j.name).sort())
  })

  it('instances starting together on a database without pg-boss all install it once', async () => {
    // A new deployment: every instance finds pg-boss missing and installs it at the same time.
    for (let attempt = 0; attempt < 3; attempt++) {
      const fresh = await createTestDb()
      try {
        const job = recordingJob('fresh')
        const instances = [0, 1, 2].map(() => queueOf([job], { db: fresh.kysely }))
        await Promise.all(instances.map((queue) => queue.start()))
        const { rows } = await sql<{ name: string }>`
          select name from pgboss.queue where name = ${job.name}`.execute(fresh.kysely)
        expect(rows).toHaveLength(1)
        await Promise.all(started.splice(0).map((queue) => queue.stop(1_000)))
      } finally {
        await fresh.close()
      }
    }
  })

  it('a schedule is registered, and each tick runs once across all instances', async () => {
    const runs: string[] = []
    const ticking = defineJob<Record<string, never>, Seen>({
      name: uniqueName('tick'),
      payload: z.object({}).strict(),
      schedule: { cron: '* * * * *' },
      async handle(_data, _seen, run) {
        runs.push(run.id)
      },
    })
    const instances = [0, 1, 2].map(() => queueOf([ticking], { cronIntervalSeconds: 1 }))
    await Promise.all(instances.map((queue) => queue.start({ worker: { context: { runs: [] } } })))
    expect(await scheduleOf(ticking.name)).toMatchObject({ cron: '* * * * *', timezone: 'UTC' })

    // Every instance checks the schedule every second; give them several chances to double up.
    await eventually(() => (runs.length > 0 ? true : undefined), 30_000)
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    // A tick sent just before now (the wait may cross a minute) is worked a moment later.
    const jobs = await eventually(async () => {
      const sent = await jobsOf(db, ticking.name)
      return sent.every((j) => runs.includes(j.id)) ? sent : undefined
    })
    expect(jobs.map((j) => j.id).sort()).toEqual([...runs].sort())
    // One job per minute tick, never two: as many as the minutes pg-boss sent it in (the wait
    // above may cross into a second one).
    const { rows: ticks } = await sql<{ minute: Date }>`
      select distinct singleton_on as minute from pgboss.job
      where name = '__pgboss__send-it' and singleton_key = ${ticking.name}`.execute(db.kysely)
    expect(jobs.length).toBe(ticks.length)
    expect(jobs.length).toBeLessThanOrEqual(2)
  })
})

async function scheduleOf(name: string): Promise<{ cron: string; timezone: string } | undefined> {
  const { rows } = await sql<{ cron: string; timezone: string }>`
    select cron, timezone from pgboss.schedule where name = ${name}`.execute(db.kysely)
  return rows[0]
}
