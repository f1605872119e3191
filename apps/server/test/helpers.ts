import { randomUUID } from 'node:crypto'
import { createTestHarness, type TestHarness, type TestHarnessOptions } from '@inkwell/api/testing'
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
  const { rateLimits, settings, ...appOptions } = options
  const h = await createTestHarness({
    ...(rateLimits !== undefined ? { rateLimits } : {}),
    ...(settings ? { settings } : {}),
  })
  const log = memoryLog()
  const app = createApp({ deps: h.deps, logger: log.logger, ...appOptions })
  return { h, app, log, close: () => h.close() }
}

export interface Reply {
  readonly res: Response
  readonly status: number
  // biome-ignore lint/suspicious/noExplicitAny: the body is whatever the server sent; tests assert on it
  readonly body: any
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { res, status: res.status, body }
}

type Requestable = Pick<Hono<AppEnv>, 'request'>

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
  const search =
    input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
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
