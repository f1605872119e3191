import { randomUUID } from 'node:crypto'
import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createTestHarness, type TestHarness, type TestHarnessOptions } from '@inkwell/api/testing'
import { passwordHashing } from '@inkwell/auth'
import type { Hono } from 'hono'
import { type AppOptions, createApp } from '../src/app'
import { createLogger, type Logger } from '../src/logger'
import type { AppEnv } from '../src/types'

/** The app origin the test harness allows (its `settings.appOrigins` default). */
export const APP_ORIGIN = 'http://app.test'
export const PASSWORD = 'correct horse battery staple'

export type LogLine = Record<string, unknown>

/** The server's real logger (same redaction), writing its JSON lines to memory. */
export interface MemoryLog {
  readonly logger: Logger
  /** Every line written so far, parsed. */
  lines(): LogLine[]
  /** Every byte written so far, as written. */
  text(): string
}

export function memoryLog(level = 'info'): MemoryLog {
  let text = ''
  const logger = createLogger(level, {
    write(chunk: string) {
      text += chunk
    },
  })
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
  }
}

export interface TestApp {
  readonly h: TestHarness
  readonly app: Hono<AppEnv>
  readonly log: MemoryLog
  close(): Promise<void>
}

/** A harness (fresh database, SMTP) and the HTTP app over it, logging to memory. */
export async function createTestApp(
  options: TestHarnessOptions & Partial<Omit<AppOptions, 'deps' | 'logger'>> = {},
): Promise<TestApp> {
  const { rateLimits, settings, metrics, ...appOptions } = options
  const h = await createTestHarness({
    ...(rateLimits !== undefined ? { rateLimits } : {}),
    ...(settings ? { settings } : {}),
  })
  const log = memoryLog()
  const app = createApp({
    deps: h.deps,
    logger: log.logger,
    ...appOptions,
    // As the server does: the pool figures from the database the harness opened.
    ...(metrics ? { metrics: { dbPool: () => h.db.poolStats(), ...metrics } } : {}),
  })
  return { h, app, log, close: () => h.close() }
}

export interface Reply {
  readonly res: Response
  readonly status: number
  // biome-ignore lint/suspicious/noExplicitAny: the body is whatever the server sent; tests assert on it
  readonly body: any
}

/** Reads a response once: its status, and its body as JSON when it parses, else as text. */
export async function reply(res: Response): Promise<Reply> {
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { res, status: res.status, body }
}

/** An in-process app, or a real server through `fetch`. */
export interface Requestable {
  request(path: string, init?: RequestInit): Response | Promise<Response>
}

/** A tRPC mutation the way curl sends it: POST, JSON body. */
export async function mutate(
  app: Requestable,
  procedure: string,
  input?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return reply(
    await app.request(`/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    }),
  )
}

/** A tRPC query: GET, input JSON in `?input=`. */
export async function query(
  app: Requestable,
  procedure: string,
  input?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
  return reply(await app.request(`/trpc/${procedure}${search}`, { headers }))
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`
}

export interface SignedUp {
  readonly email: string
  readonly userId: string
  readonly token: string
  /** `inkwell_session=<token>`, as a browser would send it back. */
  readonly cookie: string
}

/** Registers over HTTP (bearer-style, no cookie sent) and returns the credentials. */
export async function signUp(
  app: Requestable,
  email = uniqueEmail(),
  headers: Record<string, string> = {},
): Promise<SignedUp> {
  const { status, body } = await mutate(
    app,
    'auth.register',
    { email, password: PASSWORD, name: 'Test User' },
    headers,
  )
  if (status !== 200) throw new Error(`register failed: ${status} ${JSON.stringify(body)}`)
  const token: string = body.result.data.session.token
  return { email, userId: body.result.data.user.id, token, cookie: `inkwell_session=${token}` }
}

/** The `Set-Cookie` header of a response for the session cookie, or undefined. */
export function sessionSetCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith('inkwell_session='))
}

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** `fetch` against the server, shaped like `app.request` so the helpers above work on both. */
  request(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/** Serves `app` on a real socket on a random port, for what needs one (client IPs, streaming). */
export async function listen(app: Hono<AppEnv>): Promise<Listening> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    request: (path, init) => fetch(`${url}${path}`, init),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
}

export interface RawRequest {
  /** Write the body yourself, in as many pieces and with as much delay as the test needs. */
  readonly req: ClientRequest
  /** Resolves once the socket is connected and the request line and headers are sent. */
  readonly sent: Promise<void>
  readonly response: Promise<RawResponse>
}

/**
 * A request over a raw `http.request`, for what `fetch` cannot do: a chunked body written
 * piece by piece (no content-length), or a request kept in flight on purpose.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): RawRequest {
  const req = httpRequest(`${baseUrl}${path}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
  })
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
  // A refused upload may end in EPIPE on our side after the answer came; that is not a failure.
  response.catch(() => {})
  const sent = new Promise<void>((resolve, reject) => {
    req.on('socket', (socket) => {
      if (!socket.connecting) resolve()
      else socket.once('connect', () => resolve())
    })
    req.on('error', reject)
  })
  sent.catch(() => {})
  req.flushHeaders()
  return { req, sent, response }
}

/**
 * Takes every place in the process's password-hashing queue with a job that waits for the
 * returned release: for as long as the test needs, the queue is exactly full (logins and
 * registrations are shed with 503 SERVICE_BUSY).
 */
export function fillHashingQueue(): () => Promise<void> {
  let open = () => {}
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const held = Array.from({ length: passwordHashing.capacity }, () =>
    passwordHashing.run(() => gate),
  )
  return async () => {
    open()
    await Promise.all(held)
  }
}

/** The parsed JSON body of a response, for assertions on its shape. */
// biome-ignore lint/suspicious/noExplicitAny: whatever the server sent; the test asserts on it
export async function json(res: Response): Promise<any> {
  return JSON.parse(await res.text())
}
