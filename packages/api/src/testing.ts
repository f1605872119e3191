import { OneTimeTokens, SessionCache, SessionManager, type ValidSession } from '@inkwell/auth'
import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { createMailer, type MailLogger } from '@inkwell/mail'
import { type SmtpTestServer, startSmtpTestServer } from '@inkwell/mail/testing'
import { Redis } from 'ioredis'
import { createContext, type RequestMeta, requestMeta } from './context'
import type { ApiDeps, ApiSettings } from './deps'
import { type CounterStore, MemoryCounterStore, RateLimiter, RedisCounterStore } from './rate-limit'
import { createCaller } from './root'
import { RedisInvalidationBus } from './sessions/redis-invalidation-bus'

export interface TestHarnessOptions {
  /** Enforce rate limits. Default false, so tests can call freely; rate-limit tests turn it on. */
  readonly rateLimits?: boolean
  readonly settings?: Partial<ApiSettings>
  /** How long validated sessions are cached: as in production unless a test says otherwise. */
  readonly sessionCacheTtlMs?: number
}

export interface TestHarness {
  readonly deps: ApiDeps
  readonly db: Db
  /** The in-process SMTP server every mail of this harness is delivered to. */
  readonly smtp: SmtpTestServer
  /** A caller as if over HTTP with these request details (bearer token, ip, …). */
  caller(req?: Partial<RequestMeta> & { token?: string }): ReturnType<typeof createCaller>
  /** The response headers the last `caller` call would have sent (Set-Cookie, Retry-After). */
  readonly lastHeaders: () => Headers
  close(): Promise<void>
}

const silent: MailLogger = { info() {}, error() {} }

/**
 * The whole API on a fresh database of its own: real sessions, real SMTP (in process), rate
 * limits in Redis when `TEST_REDIS_URL` is set, in memory otherwise.
 *
 * @example
 * const h = await createTestHarness()
 * const { session } = await h.caller().auth.register({ email: 'ada@example.com', password: 'a long passphrase', name: 'Ada' })
 * await h.caller({ token: session.token }).users.me()
 */
export async function createTestHarness(options: TestHarnessOptions = {}): Promise<TestHarness> {
  const db = await createTestDb()
  const smtp = await startSmtpTestServer()
  const redisUrl = process.env.TEST_REDIS_URL
  const redis = redisUrl ? new Redis(redisUrl) : undefined
  const subscriber = redis?.duplicate()
  const namespace = `inkwell:test:${crypto.randomUUID()}:`
  const counters: CounterStore = redis
    ? new RedisCounterStore(redis, namespace)
    : new MemoryCounterStore()
  const sessionCache = new SessionCache<ValidSession>({
    ...(options.sessionCacheTtlMs !== undefined ? { ttlMs: options.sessionCacheTtlMs } : {}),
    ...(redis && subscriber
      ? { bus: new RedisInvalidationBus(redis, subscriber, `${namespace}sessions`) }
      : {}),
  })
  const mailer = createMailer({
    smtpUrl: smtp.url,
    from: 'Inkwell <no-reply@inkwell.test>',
    outbox: '',
    logger: silent,
  })
  const deps: ApiDeps = {
    db: db.kysely,
    sessions: new SessionManager(db.kysely, {}, sessionCache),
    oneTimeTokens: new OneTimeTokens(db.kysely),
    mailer,
    rateLimiter: new RateLimiter(counters, options.rateLimits ?? false),
    settings: {
      publicUrl: 'http://app.test',
      appOrigins: ['http://app.test'],
      secureCookies: false,
      development: false,
      ...options.settings,
    },
  }
  let headers = new Headers()
  return {
    deps,
    db,
    smtp,
    caller({ token, ...req } = {}) {
      headers = new Headers()
      const meta = requestMeta({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...req })
      return createCaller(createContext({ deps, req: meta, resHeaders: headers }))
    },
    lastHeaders: () => headers,
    async close() {
      await mailer.close()
      await smtp.close()
      await subscriber?.quit()
      await redis?.quit()
      await db.close()
    },
  }
}
