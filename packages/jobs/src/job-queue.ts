import { CompiledQuery } from 'kysely'
import PgBoss from 'pg-boss'
import { DeadLetterWatch, deadLetterQueue } from './dead-letters'
import type { AnyJobDefinition, JobDefinition } from './job-definition'
import { type JobLogger, silentJobLogger } from './job-logger'
import { type JobBacklog, JobCounters, type JobStats, readBacklog } from './job-stats'
import { QueueWorker } from './queue-worker'
import {
  applicationDb,
  connectionDb,
  type SqlDatabase,
  type SqlRunner,
  transactionDb,
} from './sql-executor'

export interface JobQueueOptions<Context> {
  /** The application's Kysely: pg-boss keeps its tables (schema `pgboss`) in that database. */
  readonly db: SqlDatabase
  /** Every kind of job the application has: each gets its queue, workers and schedule. */
  readonly jobs: readonly AnyJobDefinition<Context>[]
  readonly logger?: JobLogger | undefined
  /** How often an idle worker asks for a job. Default 2 s; tests use less. */
  readonly pollingIntervalSeconds?: number | undefined
  /** How often the jobs that gave up are read (logged, counted). Default 30 s. */
  readonly deadLetterIntervalSeconds?: number | undefined
  /**
   * How often pg-boss looks for due schedules and hands them to the queues, 1..45 s. Default:
   * pg-boss's (30 s, then up to 5 s more).
   */
  readonly cronIntervalSeconds?: number | undefined
}

export interface JobQueueStartOptions<Context> {
  /**
   * Run jobs in this process, passing `context` to every handler; with `schedules` (default
   * true), also enqueue the scheduled ones when due. Unset: this instance only enqueues
   * (`WORKER=off`).
   */
  readonly worker?: { readonly context: Context; readonly schedules?: boolean } | undefined
}

/**
 * The durable job queue: pg-boss on the application's PostgreSQL (or PGlite) database.
 * Built by `createJobQueue`; the API gets it as `deps.jobs`.
 */
export interface JobQueue<Context> {
  /**
   * Installs or upgrades pg-boss's schema, creates a queue per job, and with `worker` starts
   * working them (and, once across all instances, the schedules).
   */
  start(options?: JobQueueStartOptions<Context>): Promise<void>
  /**
   * Enqueues a job through `db`. Pass the caller's transaction: the job then exists if and
   * only if that transaction commits. Throws when the payload does not match the job's schema.
   *
   * @example
   * await deps.db.transaction().execute(async (trx) => {
   *   await trx.updateTable('users').set({ password_hash }).where('id', '=', userId).execute()
   *   await deps.jobs.enqueue(trx, passwordChangedMail, { userId, changedAt })
   * })
   */
  enqueue<Payload>(
    db: SqlRunner,
    job: JobDefinition<Payload, Context>,
    payload: Payload,
  ): Promise<string>
  /** Counters of this process: completed and failed attempts, and jobs that gave up. */
  stats(): JobStats
  /**
   * Jobs waiting or running now, by job name and state, across every instance: one query on
   * the database (for metrics, once a scrape). Rejects before `start()` has installed pg-boss.
   */
  backlog(): Promise<JobBacklog>
  /**
   * Resolves once no job of this queue is due or running (checked every 50 ms, up to
   * `timeoutMs`, then rejects). For tests: what was enqueued has been worked.
   */
  settled(timeoutMs?: number): Promise<void>
  /**
   * Stops the workers and the schedules: each waits for the job in hand up to `graceMs`, and
   * a job still running then is failed, to be retried. Safe to call twice.
   */
  stop(graceMs?: number): Promise<void>
}

/** The queue pg-boss's scheduler hands due schedules to (its own, made on start). */
const SCHEDULER_QUEUE = '__pgboss__send-it'

/** pg-boss's advisory lock: it holds it to install, migrate and maintain its tables. */
const PGBOSS_LOCK = `select pg_advisory_xact_lock(
  ('x' || encode(sha224((current_database() || '.pgboss.pgboss')::bytea), 'hex'))::bit(64)::bigint
)`

/** Held (for the session) by the instance installing pg-boss and its queues. */
const INSTALL_LOCK = `hashtext('inkwell.jobs.install')`

/**
 * A job queue over `db` for `jobs`.
 *
 * @example
 * const jobs = createJobQueue({ db: kysely, jobs: [passwordResetMail], logger })
 * await jobs.start({ worker: { context: deps } })
 */
export function createJobQueue<Context>(options: JobQueueOptions<Context>): JobQueue<Context> {
  const logger = options.logger ?? silentJobLogger
  const definitions = new Map(options.jobs.map((job) => [job.name, job]))
  if (definitions.size !== options.jobs.length) throw new Error('two jobs share a name')
  const db = applicationDb(options.db)
  const counters = new JobCounters()
  let boss: PgBoss | undefined
  let workers: QueueWorker<Context>[] = []
  let deadLetters: DeadLetterWatch | undefined
  let stopping: Promise<void> | undefined

  /**
   * Installs or upgrades pg-boss's schema, then creates (or updates) a queue per job, one
   * instance at a time: the whole of it runs on one connection holding `INSTALL_LOCK`.
   * pg-boss takes its own advisory lock inside its install script, but instances that started
   * together on a new database still failed there (`duplicate key … pg_namespace_nspname_index`
   * from its `create schema if not exists`); waiting for the lock before the script's
   * transaction begins means each sees what the one before it made. Creating a queue is DDL
   * too (a partition of pg-boss's job table) and deadlocked when done concurrently: it runs in
   * one transaction under pg-boss's lock as well, and pg-boss's scheduler finds its queue made.
   */
  async function install(): Promise<void> {
    await options.db.connection().execute(async (conn) => {
      await conn.executeQuery(CompiledQuery.raw(`select pg_advisory_lock(${INSTALL_LOCK})`))
      try {
        const installer = new PgBoss({ db: connectionDb(conn), supervise: false, schedule: false })
        installer.on('error', (error) => logger.warn({ err: error }, 'job queue error'))
        await installer.start()
        await installer.stop({ graceful: false, close: false })
        await conn.executeQuery(CompiledQuery.raw('begin'))
        try {
          await conn.executeQuery(CompiledQuery.raw(PGBOSS_LOCK))
          await ensureQueues(new PgBoss({ db: transactionDb(conn) }))
          await conn.executeQuery(CompiledQuery.raw('commit'))
        } catch (error) {
          await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => {})
          throw error
        }
      } finally {
        await conn.executeQuery(CompiledQuery.raw(`select pg_advisory_unlock(${INSTALL_LOCK})`))
      }
    })
  }

  async function ensureQueues(boss: PgBoss): Promise<void> {
    await boss.createQueue(SCHEDULER_QUEUE)
    for (const job of definitions.values()) {
      const deadLetter = deadLetterQueue(job.name)
      await boss.createQueue(deadLetter, { name: deadLetter, retentionMinutes: 7 * 24 * 60 })
      const queue = {
        name: job.name,
        policy: 'standard',
        retryLimit: job.retry.retryLimit,
        retryDelay: job.retry.retryDelaySeconds,
        retryBackoff: job.retry.retryLimit > 0,
        expireInSeconds: job.retry.expireInSeconds,
        retentionMinutes: job.retry.retentionHours * 60,
        deadLetter,
      } satisfies PgBoss.Queue
      // Created once; updated on every start, so a changed retry policy applies.
      await boss.createQueue(job.name, queue)
      await boss.updateQueue(job.name, queue)
    }
  }

  async function ensureSchedules(started: PgBoss): Promise<void> {
    for (const job of definitions.values()) {
      if (job.schedule) {
        await started.schedule(job.name, job.schedule.cron, {}, { tz: job.schedule.tz ?? 'UTC' })
      } else {
        await started.unschedule(job.name)
      }
    }
  }

  return {
    async start(startOptions = {}) {
      if (boss) throw new Error('the job queue is started already')
      const worker = startOptions.worker
      const schedules = Boolean(worker) && (worker?.schedules ?? true)
      const created = new PgBoss({
        db,
        migrate: true,
        // Maintenance (expiring stuck jobs, archiving) and schedules belong to workers.
        supervise: Boolean(worker),
        schedule: schedules,
        ...(options.cronIntervalSeconds
          ? {
              cronMonitorIntervalSeconds: options.cronIntervalSeconds,
              cronWorkerIntervalSeconds: options.cronIntervalSeconds,
            }
          : {}),
      })
      created.on('error', (error) => logger.warn({ err: error }, 'job queue error'))
      boss = created
      await install()
      await created.start()
      if (!worker) return
      if (schedules) await ensureSchedules(created)
      const pollingIntervalMs = (options.pollingIntervalSeconds ?? 2) * 1000
      workers = [...definitions.values()].map(
        (definition) =>
          new QueueWorker({
            boss: created,
            definition,
            context: worker.context,
            pollingIntervalMs,
            logger,
            counters,
          }),
      )
      deadLetters = new DeadLetterWatch({
        boss: created,
        jobNames: [...definitions.keys()],
        intervalMs: (options.deadLetterIntervalSeconds ?? 30) * 1000,
        logger,
        counters,
      })
      for (const w of workers) w.start()
      deadLetters.start()
      logger.info({ jobs: [...definitions.keys()], schedules }, 'job workers started')
    },

    async enqueue(runner, job, payload) {
      if (!boss) throw new Error('start() the job queue before enqueueing')
      if (definitions.get(job.name) !== job) throw new Error(`job ${job.name} is not registered`)
      const data = job.payload.parse(payload) as object
      const id = await boss.send(job.name, data, { db: transactionDb(runner) })
      if (!id) throw new Error(`job ${job.name} was not enqueued`)
      return id
    },

    stats: () => counters.snapshot(),

    backlog: () => readBacklog(options.db, [...definitions.keys()]),

    async settled(timeoutMs = 10_000) {
      const names = [...definitions.keys()].flatMap((name) => [name, deadLetterQueue(name)])
      const query: CompiledQuery<{ n: number }> = CompiledQuery.raw(
        `select count(*)::int as n from pgboss.job where name = any($1)
           and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`,
        [names],
      )
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { rows } = await options.db.executeQuery(query)
        if (rows[0]?.n === 0) return
        if (Date.now() > deadline) throw new Error('the job queue did not settle in time')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },

    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        await Promise.all([...workers.map((w) => w.stop(graceMs)), deadLetters?.stop()])
        await boss?.stop({ graceful: true, timeout: 1_000, close: false })
        // pg-boss's own loops (schedules, maintenance) may still be in a statement.
        await db.idle(5_000)
      })()
      return stopping
    },
  }
}
