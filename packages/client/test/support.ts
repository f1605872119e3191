import type { Server as HttpServer, ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { createTestHarness, type TestHarness, type TestHarnessOptions } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'
import { afterAll, beforeAll } from 'vitest'

export interface Served {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** A plain node:http server (no `createServer` option is passed). */
  readonly server: HttpServer
  /** Stops listening and ends every connection (open event streams too). */
  close(): Promise<void>
}

/** The real HTTP app over a harness, listening on a free port. */
export async function serveHarness(h: TestHarness, serverOptions?: ServerOptions): Promise<Served> {
  const app = createApp({ deps: h.deps, logger: createLogger('silent') })
  const server = serve({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    ...(serverOptions ? { serverOptions } : {}),
  }) as HttpServer
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Resolves once `check()` holds, polling; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${check}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export interface ListeningServer {
  /** `http://127.0.0.1:<port>`, once `beforeAll` has run. */
  readonly url: () => string
  readonly h: () => TestHarness
}

/**
 * The real server on a fresh database, listening on a free port for the calling test file's
 * whole run (it registers its own `beforeAll` / `afterAll`). Rate limits are off unless
 * `options` turn them on.
 */
export function useListeningServer(options: TestHarnessOptions = {}): ListeningServer {
  let h: TestHarness | undefined
  let server: ServerType | undefined
  let url = ''
  beforeAll(async () => {
    h = await createTestHarness(options)
    const app = createApp({ deps: h.deps, logger: createLogger('silent') })
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server?.once('listening', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    await h?.close()
  })
  return {
    url: () => url,
    h: () => {
      if (!h) throw new Error('the server starts in beforeAll')
      return h
    },
  }
}
