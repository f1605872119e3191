import { OneTimeTokens, SessionCache, SessionManager, type ValidSession } from '@inkwell/auth'
import type { Database } from '@inkwell/db'
import { createJobQueue, type JobLogger } from '@inkwell/jobs'
import type { Mailer } from '@inkwell/mail'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import { allJobs } from '../all-jobs'
import { AvatarEncoder, type AvatarEncoderOptions } from '../images/avatar-encoder'
import { type LiveLimits, LiveStreams } from '../live/live-streams'
import type { NoteEventBus } from '../live/note-event-bus'
import { type CounterStore, MemoryCounterStore, RateLimiter } from '../rate-limit'
import { noSecurityLog, type SecurityLog } from '../shared/security-events'
import type { ApiDeps, ApiSettings } from './api-deps'
import { PostgresInvalidationBus } from './postgres/invalidation-bus'
import { PostgresNoteEventBus } from './postgres/note-event-bus'
import { RedisCounterStore } from './redis/counter-store'
import { RedisInvalidationBus } from './redis/invalidation-bus'
import { RedisNoteEventBus } from './redis/note-event-bus'

export interface CreateApiDepsOptions {
  readonly db: Kysely<Database>
  /**
   * Shared state for several instances: rate-limit counters and session invalidations go
   * through it. Unset: both stay in this process (a single instance).
   */
  readonly redis?: Redis | undefined
  /**
   * The PostgreSQL server, when the database is one: without Redis, session invalidations are
   * broadcast over its `LISTEN/NOTIFY`, so several instances on one PostgreSQL still revoke at
   * once. Unset (PGlite, a single process): they stay in this process.
   */
  readonly postgresUrl?: string | undefined
  readonly mailer: Mailer
  readonly settings: ApiSettings
  /** Enforce rate limits. Default true; `RATE_LIMITS=off` (load tests) and most tests turn it off. */
  readonly rateLimits?: boolean | undefined
  /** Prefix of every Redis key and channel. Default `inkwell:`; tests give each file its own. */
  readonly redisPrefix?: string | undefined
  /** How many avatar uploads are re-encoded at once and may wait. Default: the encoder's. */
  readonly avatars?: AvatarEncoderOptions | undefined
  /** How long a validated session is cached in process. Default: the cache's own (30 s). */
  readonly sessionCacheTtlMs?: number | undefined
  /** Where security events go. Default: nowhere. */
  readonly securityLog?: SecurityLog | undefined
  /** Where Redis connection errors of the subscriber go. */
  readonly onRedisError?: ((error: unknown) => void) | undefined
  /** The job queue's log and pace. */
  readonly jobs?: JobQueueSettings | undefined
  /** Caps on open `notes.onChange` streams, and how often they recheck. Default: `defaultLiveLimits`. */
  readonly live?: Partial<LiveLimits> | undefined
}

export interface JobQueueSettings {
  /** Failed attempts (warn), jobs that gave up (error). Default: nowhere. */
  readonly logger?: JobLogger | undefined
  /** How often an idle worker asks for a job. Default 2 s; tests use less. */
  readonly pollingIntervalSeconds?: number | undefined
  /** How often the jobs that gave up are read. Default 30 s. */
  readonly deadLetterIntervalSeconds?: number | undefined
}

export interface StartJobsOptions {
  /** Run jobs in this process. False (`WORKER=off`): only enqueue them, for the workers. */
  readonly worker: boolean
  /** Also enqueue the scheduled jobs when due (once across instances). Default true. */
  readonly schedules?: boolean | undefined
}

/** The API's dependencies, and how to let go of what this factory opened. */
export interface WiredApi {
  readonly deps: ApiDeps
  /**
   * Starts the job queue, once the database is migrated and before anything enqueues:
   * installs or upgrades pg-boss's schema and the queues, and with `worker` runs the jobs.
   */
  startJobs(options: StartJobsOptions): Promise<void>
  /** Stops the job workers, waiting up to `graceMs` for the jobs in hand. `close()` does too. */
  stopJobs(graceMs?: number): Promise<void>
  /**
   * Ends the open event streams, stops the job workers, drains the mailer and closes the
   * counters and the buses' connections. The database and the Redis connection passed in stay open: their owner closes
   * them.
   */
  close(): Promise<void>
}

/**
 * Wires the API from its resources: the one place `ApiDeps` is built, for the server and the
 * test harness alike.
 *
 * @example
 * const { deps, close } = createApiDeps({ db: db.kysely, redis, mailer, settings })
 * const caller = createCaller(createContext({ deps, req: requestMeta() }))
 */
export function createApiDeps(options: CreateApiDepsOptions): WiredApi {
  const { db, redis, mailer } = options
  const prefix = options.redisPrefix ?? 'inkwell:'
  const counters: CounterStore = redis
    ? new RedisCounterStore(redis, `${prefix}rl:`)
    : new MemoryCounterStore()
  // A subscribed connection can do nothing else: invalidations get their own.
  const subscriber = redis?.duplicate()
  if (subscriber && options.onRedisError) subscriber.on('error', options.onRedisError)
  const postgresBus =
    !redis && options.postgresUrl ? new PostgresInvalidationBus(options.postgresUrl) : undefined
  const bus =
    redis && subscriber
      ? new RedisInvalidationBus(redis, subscriber, `${prefix}sessions:invalidate`)
      : postgresBus
  const noteEvents: NoteEventBus | undefined =
    redis && subscriber
      ? new RedisNoteEventBus(redis, subscriber, `${prefix}notes:changed`)
      : !redis && options.postgresUrl
        ? new PostgresNoteEventBus(options.postgresUrl)
        : undefined
  const sessionCache = new SessionCache<ValidSession>({
    ...(options.sessionCacheTtlMs !== undefined ? { ttlMs: options.sessionCacheTtlMs } : {}),
    ...(bus ? { bus } : {}),
  })
  const jobs = createJobQueue<ApiDeps>({
    db,
    jobs: allJobs,
    logger: options.jobs?.logger,
    pollingIntervalSeconds: options.jobs?.pollingIntervalSeconds,
    deadLetterIntervalSeconds: options.jobs?.deadLetterIntervalSeconds,
  })
  const sessions = new SessionManager(db, {}, sessionCache)
  const live = new LiveStreams({
    bus: noteEvents,
    invalidations: (listener) => sessions.onInvalidation(listener),
    limits: options.live,
  })
  const deps: ApiDeps = {
    db,
    sessions,
    oneTimeTokens: new OneTimeTokens(db),
    mailer,
    jobs,
    rateLimiter: new RateLimiter(counters, options.rateLimits ?? true),
    avatarEncoder: new AvatarEncoder(options.avatars),
    securityLog: options.securityLog ?? noSecurityLog,
    live,
    settings: options.settings,
  }
  return {
    deps,
    startJobs: ({ worker, schedules }) =>
      jobs.start(worker ? { worker: { context: deps, schedules: schedules ?? true } } : {}),
    stopJobs: (graceMs) => jobs.stop(graceMs),
    async close() {
      live.close()
      await jobs.stop()
      await mailer.close()
      await counters.close()
      await noteEvents?.close()
      await subscriber?.quit().catch(() => subscriber.disconnect())
      await postgresBus?.close()
    },
  }
}
