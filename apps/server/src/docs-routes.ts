import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { swaggerUI } from '@hono/swagger-ui'
import { type ApiDeps, openApiDocument } from '@inkwell/api'
import { Hono } from 'hono'
import type { AppEnv } from './types'

/** Where the Swagger UI files (from the swagger-ui-dist package) are served: no CDN. */
const ASSETS = '/docs/assets'
const ASSET_FILES = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const

/** Scripts only from this origin (no inline script), so the page runs under a strict CSP. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI sets inline styles, and shows its logo and icons as data: URLs.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  withCredentials: true,
})
`

/**
 * `GET /openapi.json`, the OpenAPI 3.1 document of the REST face (its server URL from
 * `PUBLIC_URL`), and `GET /docs`, an interactive reference of it (Swagger UI, every file
 * served from this server).
 */
export function docsRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  let document: Promise<string> | undefined
  const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const assets = new Map<string, Promise<Buffer>>()

  app.get('/openapi.json', async (c) => {
    document ??= openApiDocument({ publicUrl: deps.settings.publicUrl }).then((d) =>
      JSON.stringify(d),
    )
    c.header('cache-control', 'no-cache')
    return c.body(await document, 200, { 'content-type': 'application/json' })
  })

  app.use('/docs', async (c, next) => {
    await next()
    c.header('content-security-policy', DOCS_CSP)
  })
  app.get(
    '/docs',
    swaggerUI({
      url: '/openapi.json',
      title: 'Inkwell API',
      manuallySwaggerUIHtml: () => `
        <link rel="stylesheet" href="${ASSETS}/swagger-ui.css" />
        <div id="swagger-ui"></div>
        <script src="${ASSETS}/swagger-ui-bundle.js"></script>
        <script src="${ASSETS}/init.js"></script>`,
    }),
  )
  app.get(`${ASSETS}/init.js`, (c) =>
    c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )
  app.get(`${ASSETS}/:file`, async (c) => {
    const file = c.req.param('file')
    if (!Object.hasOwn(ASSET_FILES, file)) return c.notFound()
    let bytes = assets.get(file)
    if (!bytes) {
      bytes = readFile(join(assetsDir, file))
      assets.set(file, bytes)
    }
    return c.body(new Uint8Array(await bytes), 200, {
      'content-type': ASSET_FILES[file as keyof typeof ASSET_FILES],
      'cache-control': 'public, max-age=86400',
    })
  })
  return app
}
