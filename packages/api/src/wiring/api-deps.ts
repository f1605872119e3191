import type { OneTimeTokens, SessionManager } from '@inkwell/auth'
import type { Database } from '@inkwell/db'
import type { JobQueue } from '@inkwell/jobs'
import type { Mailer } from '@inkwell/mail'
import type { Kysely } from 'kysely'
import type { AvatarEncoder } from '../images/avatar-encoder'
import type { LiveStreams } from '../live/live-streams'
import type { RateLimiter } from '../rate-limit'
import type { SecurityLog } from '../shared/security-events'

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
  /**
   * The durable job queue (mail, maintenance). Enqueue through the transaction whose commit
   * calls for the job: `deps.jobs.enqueue(trx, someJob, payload)`.
   */
  readonly jobs: JobQueue<ApiDeps>
  readonly rateLimiter: RateLimiter
  /** Re-encodes uploaded avatars, a bounded number at a time. */
  readonly avatarEncoder: AvatarEncoder
  /** Login failures, lockouts, password and session changes, admin actions. */
  readonly securityLog: SecurityLog
  /**
   * The open `notes.onChange` streams and their fan-out across instances. Every note write
   * calls `live.notesChanged(userId)` once it has committed.
   */
  readonly live: LiveStreams
  readonly settings: ApiSettings
}
