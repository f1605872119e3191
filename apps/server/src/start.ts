import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { ensureFirstAdmin } from '@inkwell/api'
import { calibratePasswordHashing } from '@inkwell/auth'
import { migrate } from '@inkwell/db'
import { createApp } from './app'
import type { Config } from './config'
import { gracefulStop } from './graceful-stop'
import { httpServerOptions } from './http-timeouts'
import type { Logger } from './logger'
import { RunningHandlers } from './middleware/running-handlers'
import { openServerResources } from './server-resources'
import { builtWebAppRoot } from './static-app'

export interface RunningServer {
  readonly url: string
  /**
   * Stops accepting, lets in-flight requests and running jobs finish (up to `graceMs`), closes
   * the pool.
   */
  stop(graceMs?: number): Promise<void>
}

/**
 * Starts the server from a validated config: opens the database, migrates it, starts the job
 * queue (its workers and schedules unless `WORKER=off`), sizes the password-hashing queue from
 * a hash measured here, makes sure the first admin exists, and listens.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const resources = openServerResources(config, logger)
  try {
    await migrate(resources.db.kysely)
    await resources.startJobs({ worker: config.WORKER })
    const hashing = await calibratePasswordHashing()
    logger.info(hashing, 'password hashing sized')
    if (config.FIRST_ADMIN_EMAIL && config.FIRST_ADMIN_PASSWORD) {
      const outcome = await ensureFirstAdmin(resources.api, {
        email: config.FIRST_ADMIN_EMAIL,
        password: config.FIRST_ADMIN_PASSWORD,
      })
      if (outcome !== 'exists')
        logger.info({ email: config.FIRST_ADMIN_EMAIL, outcome }, 'first admin ready')
    }
  } catch (error) {
    await resources.close()
    throw error
  }

  const handlers = new RunningHandlers()
  const redis = resources.redis
  const app = createApp({
    deps: resources.api,
    logger,
    trustedProxies: config.TRUST_PROXY,
    // Called per request, so only once `shutdown` below exists.
    draining: () => shutdown.draining(),
    readinessChecks: redis ? [() => redis.ping()] : [],
    webRoot: config.WEB_ROOT ?? builtWebAppRoot(),
    runningHandlers: handlers,
    metrics: config.METRICS_TOKEN
      ? { token: config.METRICS_TOKEN, dbPool: () => resources.db.poolStats() }
      : undefined,
  })
  // No createServer option is passed, so this is a plain node:http server.
  const server = serve({
    fetch: app.fetch,
    port: config.PORT,
    hostname: config.HOST,
    serverOptions: httpServerOptions({
      headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
      requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    }),
  }) as HttpServer
  let jobsStopped: Promise<void> | undefined
  const shutdown = gracefulStop({
    server,
    handlers,
    logger,
    release: async () => {
      await (jobsStopped ?? resources.stopJobs())
      await resources.close()
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`
  logger.info(
    { url, database: resources.db.kind, redis: Boolean(redis), worker: config.WORKER },
    'listening',
  )

  return {
    url,
    stop(graceMs = 10_000) {
      // Open event streams never finish on their own: end them now, so their clients reconnect
      // to another instance and the drain does not wait out the grace period for them.
      resources.api.live.close()
      // The workers finish their jobs in hand while the requests drain.
      jobsStopped ??= resources.stopJobs(graceMs)
      return shutdown.stop(graceMs)
    },
  }
}
