import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'
import { Hono } from 'hono'
import { DIST_DIR } from './paths'

export interface TestServer {
  /** `http://127.0.0.1:<port>`: the web export and the API, one origin. */
  readonly url: string
  /** The fresh database behind it. */
  readonly h: TestHarness
  close(): Promise<void>
}

/**
 * A real Inkwell server on a fresh database, listening on a free port, with the app's web
 * export served beside `/trpc` from the same origin (as a static host in front of the API
 * would): so the export's default API URL, its own origin, reaches it.
 */
export async function startTestServer(): Promise<TestServer> {
  let api: ReturnType<typeof createApp> | undefined
  // The app's own routes (/sign-in, /notes/<id>, …) are the single-page app.
  const site = new Hono()
    .use('*', serveStatic({ root: DIST_DIR }))
    .get('*', serveStatic({ root: DIST_DIR, path: 'index.html' }))
  const server = serve({
    fetch: (request, env) => {
      if (!api) return new Response(null, { status: 503 })
      const toApi = new URL(request.url).pathname.startsWith('/trpc/')
      return toApi ? api.fetch(request, env) : site.fetch(request, env)
    },
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const h = await createTestHarness({ settings: { publicUrl: url, appOrigins: [url] } })
  api = createApp({ deps: h.deps, logger: createLogger(process.env.LOG_LEVEL ?? 'silent') })

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
