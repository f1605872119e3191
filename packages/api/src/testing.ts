import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import type { JobLogger } from '@inkwell/jobs'
import { createMailer, type MailLogger } from '@inkwell/mail'
import { type SmtpTestServer, startSmtpTestServer } from '@inkwell/mail/testing'
import { Redis } from 'ioredis'
import { createContext, type RequestMeta, requestMeta } from './context'
import { createCaller } from './root'
import type { SecurityEventFields, SecurityEventName, SecurityLog } from './shared/security-events'
import type { ApiDeps, ApiSettings } from './wiring/api-deps'
import { type CreateApiDepsOptions, createApiDeps } from './wiring/create-api-deps'

export {
  decompressionBomb,
  type TestImageFormat,
  type TestImageOptions,
  testImage,
} from './test-images'

/** A security event as the harness kept it. */
export type RecordedSecurityEvent = SecurityEventFields & { readonly event: SecurityEventName }

export interface TestHarnessOptions {
  /** Enforce rate limits. Default false, so tests can call freely; rate-limit tests turn it on. */
  readonly rateLimits?: boolean
  readonly settings?: Partial<ApiSettings>
  /** How long validated sessions are cached: as in production unless a test says otherwise. */
  readonly sessionCacheTtlMs?: number
  /** Where security events go; the harness keeps them in `securityEvents` too. */
  readonly securityLog?: SecurityLog
  /**
   * Run the job workers in the harness (default true), polling four times a second, so mail
   * arrives about as soon as it is enqueued. False: jobs are only enqueued (`WORKER=off`).
   */
  readonly worker?: boolean
  /** Also enqueue scheduled jobs when due. Default false: an hourly purge mid-test would surprise. */
  readonly schedules?: boolean
  /** Where the job queue logs failed attempts and jobs that gave up. Default: nowhere. */
  readonly jobLogger?: JobLogger
  /**
   * Wire it as one of several instances: on PostgreSQL without `TEST_REDIS_URL`, session
   * invalidations and note events then go over `LISTEN/NOTIFY`, as in production (with Redis
   * they always go through it). Default false. `sibling()` needs it.
   */
  readonly cluster?: boolean
  /** Caps on open event streams. Default: production's. */
  readonly live?: CreateApiDepsOptions['live']
  /** The avatar encoder's concurrency and waiting line. Default: production's. */
  readonly avatars?: CreateApiDepsOptions['avatars']
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
  /** Every security event recorded so far, oldest first. */
  readonly securityEvents: readonly RecordedSecurityEvent[]
  /**
   * Another instance on the same database, Redis prefix and notification channels (a harness
   * made with `cluster: true`): its own deps, caches and streams, as a second server would have.
   * Close it before this harness; its `close()` leaves the database open.
   */
  sibling(options?: Pick<TestHarnessOptions, 'live'>): Promise<TestHarness>
  close(): Promise<void>
}

const silent: MailLogger = { info() {}, error() {} }

/**
 * The whole API on a fresh database of its own: real sessions, real SMTP (in process), the job
 * queue with its workers, rate limits in Redis when `TEST_REDIS_URL` is set, in memory otherwise.
 * `h.deps.jobs.settled()` waits until every job enqueued so far has run.
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
  const shared: SharedResources = {
    db,
    smtp,
    redisUrl,
    redisPrefix: `inkwell:test:${crypto.randomUUID()}:`,
    postgresUrl: options.cluster ? db.url : undefined,
  }
  return harnessOn(shared, options, async () => {
    await smtp.close()
    await db.close()
  })
}

/** What the instances of one harness share: the database, SMTP, Redis and its key prefix. */
interface SharedResources {
  readonly db: Db
  readonly smtp: SmtpTestServer
  readonly redisUrl: string | undefined
  readonly redisPrefix: string
  readonly postgresUrl: string | undefined
}

async function harnessOn(
  shared: SharedResources,
  options: TestHarnessOptions,
  closeShared: () => Promise<void>,
): Promise<TestHarness> {
  const { db, smtp } = shared
  const securityEvents: RecordedSecurityEvent[] = []
  const redis = shared.redisUrl ? new Redis(shared.redisUrl) : undefined
  const wired = createApiDeps({
    db: db.kysely,
    redis,
    redisPrefix: shared.redisPrefix,
    postgresUrl: shared.postgresUrl,
    mailer: createMailer({
      smtpUrl: smtp.url,
      from: 'Inkwell <no-reply@inkwell.test>',
      outbox: '',
      logger: silent,
    }),
    rateLimits: options.rateLimits ?? false,
    sessionCacheTtlMs: options.sessionCacheTtlMs,
    jobs: { logger: options.jobLogger, pollingIntervalSeconds: 0.25, deadLetterIntervalSeconds: 1 },
    live: options.live,
    avatars: options.avatars,
    securityLog: {
      record(event, fields) {
        securityEvents.push({ ...fields, event })
        options.securityLog?.record(event, fields)
      },
    },
    settings: {
      publicUrl: 'http://app.test',
      appOrigins: ['http://app.test'],
      secureCookies: false,
      development: false,
      ...options.settings,
    },
  })
  const { deps } = wired
  await wired.startJobs({ worker: options.worker ?? true, schedules: options.schedules ?? false })
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
    securityEvents,
    sibling(siblingOptions = {}) {
      if (!options.cluster) throw new Error('sibling() needs a harness made with cluster: true')
      return harnessOn(shared, { ...options, ...siblingOptions }, async () => {})
    },
    async close() {
      await wired.close()
      await redis?.quit().catch(() => redis.disconnect())
      await closeShared()
    },
  }
}
