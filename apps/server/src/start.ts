import type { Server as HttpServer, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { ensureFirstAdmin, purgeExpired } from '@inkwell/api'
import { migrate } from '@inkwell/db'
import { createApp } from './app'
import type { Config } from './config'
import { createServerDeps } from './deps'
import type { Logger } from './logger'
import { InFlight } from './middleware/in-flight'
import { builtWebAppRoot } from './static-app'

const PURGE_INTERVAL_MS = 60 * 60 * 1000

export interface RunningServer {
  readonly url: string
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), closes the pool. */
  stop(graceMs?: number): Promise<void>
}

/**
 * Starts the server from a validated config: opens the database, migrates it, makes sure the
 * first admin exists, and listens.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const deps = createServerDeps(config, logger)
  try {
    await migrate(deps.db.kysely)
    if (config.FIRST_ADMIN_EMAIL && config.FIRST_ADMIN_PASSWORD) {
      const outcome = await ensureFirstAdmin(deps.api, {
        email: config.FIRST_ADMIN_EMAIL,
        password: config.FIRST_ADMIN_PASSWORD,
      })
      if (outcome !== 'exists')
        logger.info({ email: config.FIRST_ADMIN_EMAIL, outcome }, 'first admin ready')
    }
  } catch (error) {
    await deps.close()
    throw error
  }

  let draining = false
  // Hourly, and not holding the process open: expired sessions and spent tokens go.
  const purge = setInterval(() => {
    purgeExpired(deps.api).catch((err: unknown) =>
      logger.warn({ err }, 'purge of expired rows failed'),
    )
  }, PURGE_INTERVAL_MS)
  purge.unref()
  const handlers = new InFlight()
  const redis = deps.redis
  const app = createApp({
    deps: deps.api,
    logger,
    trustedProxies: config.TRUST_PROXY,
    draining: () => draining,
    readinessChecks: redis ? [() => redis.ping()] : [],
    webRoot: config.WEB_ROOT ?? builtWebAppRoot(),
    inFlight: handlers,
  })
  // No createServer option is passed, so this is a plain node:http server.
  const server = serve({
    fetch: app.fetch,
    port: config.PORT,
    hostname: config.HOST,
  }) as HttpServer
  const inFlight = trackInFlight(server, () => draining)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`
  logger.info({ url, database: deps.db.kind, redis: Boolean(redis) }, 'listening')

  return {
    url,
    async stop(graceMs = 10_000) {
      const deadline = Date.now() + graceMs
      draining = true
      clearInterval(purge)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets with no request in flight would hold close() open; end them now,
      // and those of the requests in flight as soon as their answer is out.
      server.closeIdleConnections()
      inFlight.closeWhenAnswered()
      const forced = setTimeout(() => {
        logger.warn('grace period over; closing remaining connections')
        server.closeAllConnections()
      }, graceMs)
      await closed
      clearTimeout(forced)
      // A handler whose client hung up has no connection left, but may still be using the pool.
      const remaining = Math.max(0, deadline - Date.now())
      let timer: NodeJS.Timeout | undefined
      await Promise.race([handlers.idle(), new Promise((r) => (timer = setTimeout(r, remaining)))])
      clearTimeout(timer)
      if (handlers.count > 0)
        logger.warn({ running: handlers.count }, 'closing with handlers still running')
      await deps.close()
    },
  }
}

/**
 * The responses not yet sent. While draining, each answer says `Connection: close` and its
 * socket ends with it: otherwise a keep-alive client would hold `stop()` open until Node's
 * keep-alive timeout, and could even send more work on the connection meanwhile.
 */
function trackInFlight(server: HttpServer, draining: () => boolean) {
  const open = new Set<ServerResponse>()
  server.on('request', (_req, res: ServerResponse) => {
    if (draining()) res.shouldKeepAlive = false
    open.add(res)
    res.once('close', () => open.delete(res))
  })
  return {
    closeWhenAnswered() {
      const closeIdle = () => setImmediate(() => server.closeIdleConnections())
      for (const res of open) {
        if (!res.headersSent) res.shouldKeepAlive = false
        else if (res.writableFinished) closeIdle()
        else res.once('finish', closeIdle)
      }
    },
  }
}
