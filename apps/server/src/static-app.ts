import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { MiddlewareHandler } from 'hono'

export interface WebAppOptions {
  /** The built web app: `index.html` plus content-hashed files under `assets/`. */
  readonly root: string
  /** Paths owned by the server: never a file, never the app's fallback. */
  readonly reservedPaths?: readonly string[]
}

/** Hashed file names change with their content, so a copy never goes stale. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable'
/** Everything else (index.html above all) is revalidated, so a deploy shows up at once. */
export const REVALIDATE_CACHE = 'no-cache'

const DEFAULT_RESERVED = ['/trpc', '/healthz', '/readyz', '/avatars', '/metrics'] as const

// The built app loads only its own scripts, styles and API: nothing inline, nothing foreign.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: for the preview of an avatar before it is uploaded (URL.createObjectURL).
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Serves the built web app from the API's own origin, so the session cookie and the CSRF
 * rule work without CORS: files from `root` (hashed `/assets/*` cached for a year, the rest
 * revalidated), `index.html` for `/` whatever the `Accept`, and for any other GET that accepts
 * HTML (the app's own routes, `/reset-password?token=…` from a mail), except the server's
 * paths. Hidden files (such as
 * `.vite/`) are never served. Register it after the server's routes.
 *
 * @example
 * const app = createApp({ deps, logger })
 * app.use(serveWebApp({ root: 'apps/web/dist' }))
 */
export function serveWebApp(options: WebAppOptions): MiddlewareHandler {
  const reserved = options.reservedPaths ?? DEFAULT_RESERVED
  const files = serveStatic({ root: options.root })
  const indexHtml = serveStatic({ root: options.root, path: 'index.html' })
  const notFound = async () => {}

  return async (c, next) => {
    const { method, path } = c.req
    if (method !== 'GET' && method !== 'HEAD') return next()
    if (reserved.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next()

    if (path !== '/' && !hasHiddenSegment(path)) {
      const file = await files(c, notFound)
      if (file instanceof Response) return withHeaders(file, headersFor(path, file))
    }
    // The root is the app whatever the client accepts (`curl /`, a monitor's probe); other
    // unknown paths are the app only for a browser, and a JSON 404 for an API client.
    if (path.startsWith('/assets/')) return next()
    if (path !== '/' && !acceptsHtml(c.req.header('accept'))) return next()
    const page = await indexHtml(c, notFound)
    return page instanceof Response ? withHeaders(page, htmlHeaders()) : next()
  }
}

function headersFor(path: string, file: Response): Record<string, string> {
  if (file.headers.get('content-type')?.startsWith('text/html')) return htmlHeaders()
  return { 'cache-control': path.startsWith('/assets/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE }
}

function htmlHeaders(): Record<string, string> {
  return { 'cache-control': REVALIDATE_CACHE, 'content-security-policy': CONTENT_SECURITY_POLICY }
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  return response
}

function hasHiddenSegment(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'))
}

function acceptsHtml(accept: string | undefined): boolean {
  return accept?.includes('text/html') ?? false
}

/**
 * The web app built in this repository (`apps/web/dist`), found from this file whether it runs
 * from `src/` or bundled into `dist/`; undefined until `pnpm build` has made it.
 */
export function builtWebAppRoot(): string | undefined {
  const root = fileURLToPath(new URL('../../web/dist/', import.meta.url))
  return existsSync(join(root, 'index.html')) ? root : undefined
}
