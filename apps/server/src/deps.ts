import { join } from 'node:path'
import type { ApiDeps, CounterStore } from '@inkwell/api'
import {
  MemoryCounterStore,
  RateLimiter,
  RedisCounterStore,
  RedisInvalidationBus,
} from '@inkwell/api'
import { OneTimeTokens, SessionCache, SessionManager, type ValidSession } from '@inkwell/auth'
import { createDb, type Db } from '@inkwell/db'
import { createMailer } from '@inkwell/mail'
import { Redis } from 'ioredis'
import type { Config } from './config'
import type { Logger } from './logger'

/** The server's long-lived resources, and how to let them go. */
export interface ServerDeps {
  readonly api: ApiDeps
  readonly db: Db
  readonly redis: Redis | undefined
  /** Drains mail, closes Redis and the database pool. */
  close(): Promise<void>
}

/** Opens the database, Redis (if configured) and the mailer named by the config. */
export function createServerDeps(config: Config, logger: Logger): ServerDeps {
  const db = createDb(config.DATABASE_URL, {
    dataDir: join(config.DATA_DIR, 'pglite'),
    poolSize: config.DB_POOL_SIZE,
  })
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined
  redis?.on('error', (err) => logger.warn({ err }, 'redis error'))
  // A subscribed connection can do nothing else: invalidations get their own.
  const subscriber = redis?.duplicate()
  subscriber?.on('error', (err) => logger.warn({ err }, 'redis subscriber error'))
  const counters: CounterStore = redis ? new RedisCounterStore(redis) : new MemoryCounterStore()
  const sessionCache = new SessionCache<ValidSession>(
    redis && subscriber ? { bus: new RedisInvalidationBus(redis, subscriber) } : {},
  )
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    outbox: join(config.DATA_DIR, 'mail'),
    logger: logger.child({ component: 'mail' }),
    logBodies: config.NODE_ENV === 'development',
  })
  const api: ApiDeps = {
    db: db.kysely,
    sessions: new SessionManager(db.kysely, {}, sessionCache),
    oneTimeTokens: new OneTimeTokens(db.kysely),
    mailer,
    rateLimiter: new RateLimiter(counters, config.RATE_LIMITS),
    settings: {
      publicUrl: config.PUBLIC_URL,
      appOrigins: config.APP_ORIGINS,
      secureCookies: config.PUBLIC_URL.startsWith('https://'),
      development: config.NODE_ENV === 'development',
    },
  }
  return {
    api,
    db,
    redis,
    async close() {
      await mailer.close()
      await counters.close()
      await subscriber?.quit().catch(() => subscriber.disconnect())
      await redis?.quit().catch(() => redis.disconnect())
      await db.close()
    },
  }
}
