/**
 * The security events Inkwell records, each one structured log line with an `event` field:
 * what an operator (or a SIEM) watches for brute force, account takeover and admin abuse.
 */
export type SecurityEventName =
  | 'login.failed'
  | 'login.locked'
  | 'password.changed'
  | 'password.reset'
  | 'session.revoked'
  | 'sessions.revoked'
  | 'admin.user.updated'
  | 'admin.user.deleted'
  | 'admin.promoted'
  | 'apiToken.created'
  | 'apiToken.revoked'

/** What every event carries, beside its own details: who asked, and from where. */
export interface SecurityEventFields {
  /** The client's address as the server sees it (after `TRUST_PROXY`). */
  readonly ip: string | null
  /** The account acting, when known. */
  readonly actorId?: string | undefined
  /** The account acted on, when not the actor. */
  readonly targetId?: string | undefined
  readonly [detail: string]: unknown
}

/**
 * Where security events go: the server's logger in production, memory in tests. Never pass a
 * secret (password, token) as a detail.
 */
export interface SecurityLog {
  record(event: SecurityEventName, fields: SecurityEventFields): void
}

/** A SecurityLog that drops everything (scripts, and tests that do not look). */
export const noSecurityLog: SecurityLog = { record() {} }

/** A SecurityLog over any pino-like logger: one `warn` line per event, `event` as a field. */
export function securityLogOf(logger: {
  warn(details: object, message: string): void
}): SecurityLog {
  return {
    record(event, fields) {
      logger.warn({ ...fields, event }, 'security event')
    },
  }
}
