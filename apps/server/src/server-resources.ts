import { join } from 'node:path'
import { type ApiDeps, createApiDeps, type StartJobsOptions, securityLogOf } from '@inkwell/api'
import { createDb, type Db } from '@inkwell/db'
import { createMailer } from '@inkwell/mail'
import { Redis } from 'ioredis'
import type { Config } from './config'
import type { Logger } from './logger'

/** The server's long-lived resources, and how to let them go. */
export interface ServerResources {
  readonly api: ApiDeps
  readonly db: Db
  readonly redis: Redis | undefined
  /** Starts the job queue, with workers or not (`WORKER`), once the database is migrated. */
  startJobs(options: StartJobsOptions): Promise<void>
  /** Stops the job workers, letting the jobs in hand finish for up to `graceMs`. */
  stopJobs(graceMs?: number): Promise<void>
  /** Stops the job workers, drains mail, closes Redis and the database pool. */
  close(): Promise<void>
}

/**
 * Opens the database, Redis (if configured) and the mailer named by the config, and wires the
 * API and its job queue (started separately, once the database is migrated).
 */
export function openServerResources(config: Config, logger: Logger): ServerResources {
  const db = createDb(config.DATABASE_URL, {
    dataDir: join(config.DATA_DIR, 'pglite'),
    poolSize: config.DB_POOL_SIZE,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  })
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined
  redis?.on('error', (err) => logger.warn({ err }, 'redis error'))
  const wired = createApiDeps({
    db: db.kysely,
    redis,
    postgresUrl: db.kind === 'postgres' ? config.DATABASE_URL : undefined,
    onRedisError: (err) => logger.warn({ err }, 'redis subscriber error'),
    mailer: createMailer({
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      outbox: join(config.DATA_DIR, 'mail'),
      logger: logger.child({ component: 'mail' }),
      logBodies: config.NODE_ENV === 'development',
    }),
    rateLimits: config.RATE_LIMITS,
    securityLog: securityLogOf(logger.child({ component: 'security' })),
    jobs: { logger: logger.child({ component: 'jobs' }) },
    settings: {
      publicUrl: config.PUBLIC_URL,
      appOrigins: config.APP_ORIGINS,
      secureCookies: config.PUBLIC_URL.startsWith('https://'),
      development: config.NODE_ENV === 'development',
    },
  })
  return {
    api: wired.deps,
    db,
    redis,
    startJobs: (options) => wired.startJobs(options),
    stopJobs: (graceMs) => wired.stopJobs(graceMs),
    async close() {
      await wired.close()
      await redis?.quit().catch(() => redis.disconnect())
      await db.close()
    },
  }
}
