import type { OneTimeTokens, SessionManager } from '@inkwell/auth'
import type { Database } from '@inkwell/db'
import type { Mailer } from '@inkwell/mail'
import type { Kysely } from 'kysely'
import type { RateLimiter } from './rate-limit'

/** Settings the procedures need, already validated by the server's config. */
export interface ApiSettings {
  /** Where the web app lives; mailed links point here. */
  readonly publicUrl: string
  /** Origins allowed to send cookie-authenticated mutations. */
  readonly appOrigins: readonly string[]
  /** Mark the session cookie Secure (the public URL is https). */
  readonly secureCookies: boolean
  /** Show internal error messages and stacks on the wire. Never in production. */
  readonly development: boolean
}

/** Everything a procedure may use, built once by the server and passed in. */
export interface ApiDeps {
  readonly db: Kysely<Database>
  readonly sessions: SessionManager
  readonly oneTimeTokens: OneTimeTokens
  readonly mailer: Mailer
  readonly rateLimiter: RateLimiter
  readonly settings: ApiSettings
}
