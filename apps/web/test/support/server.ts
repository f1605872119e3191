import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'
import { DIST_DIR } from './paths'

export interface TestServer {
  /** `http://127.0.0.1:<port>`: the app and the API, one origin. */
  readonly url: string
  /** The fresh database and the in-process SMTP server that catches every mail. */
  readonly h: TestHarness
  close(): Promise<void>
}

/**
 * The production shape on a fresh database: the server's app with the built web app served
 * from the same origin, listening on a free port. Mailed links point at this server.
 */
export async function startTestServer(): Promise<TestServer> {
  let app: ReturnType<typeof createApp> | undefined
  const server = serve({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response(null, { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  // The origin is known only now: mailed links (built by the harness's job workers) and the
  // CSRF rule use it.
  const h = await createTestHarness({ settings: { publicUrl: url, appOrigins: [url] } })
  const api = createApp({
    deps: h.deps,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    webRoot: DIST_DIR,
  })
  app = api

  return {
    url,
    h,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await h.close()
    },
  }
}
