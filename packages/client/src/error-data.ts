import type { AppCode, RouterOutputs } from '@inkwell/api'
import { TRPCClientError } from '@trpc/client'

/** `{ field: messages }` of a validation failure. */
export type FieldErrors = Record<string, string[]>

interface ErrorData {
  appCode?: AppCode
  fieldErrors?: FieldErrors
  requestId?: string
  current?: unknown
}

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined
}

/**
 * The stable application code of an Inkwell error (`EMAIL_TAKEN`, `VERSION_CONFLICT`, …), or
 * null when `error` did not come from the server (a network failure, say).
 *
 * @example
 * try { await inkwell.auth.register.mutate(input) }
 * catch (e) { if (appCodeOf(e) === 'EMAIL_TAKEN') showSignIn() }
 */
export function appCodeOf(error: unknown): AppCode | null {
  return dataOf(error)?.appCode ?? null
}

/** The per-field messages of a `VALIDATION_FAILED` error, or an empty object. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return dataOf(error)?.fieldErrors ?? {}
}

/** An HTTP date as `Retry-After` carries it (IMF-fixdate): `Wed, 21 Oct 2015 07:28:00 GMT`. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/

/** The longest wait `retryAfterMsOf` reports: a day. A larger one is taken as a day. */
const RETRY_AFTER_MAX_MS = 24 * 3600 * 1000

/**
 * How long the server asked the client to wait before trying again (its `Retry-After`, on a
 * 429 `RATE_LIMITED` or 503 `SERVICE_BUSY`), in milliseconds, or null when it named no wait.
 * Seconds and HTTP dates are both read; a day at most.
 *
 * @example
 * catch (e) { const wait = retryAfterMsOf(e); if (wait !== null) retryIn(wait) }
 */
export function retryAfterMsOf(error: unknown, now = Date.now()): number | null {
  if (!(error instanceof TRPCClientError)) return null
  const meta = error.meta as { response?: { headers?: Headers } } | undefined
  const header = meta?.response?.headers?.get?.('retry-after')?.trim()
  if (!header) return null
  const ms = /^\d+$/.test(header)
    ? Number(header) * 1000
    : HTTP_DATE.test(header)
      ? Date.parse(header) - now
      : Number.NaN
  if (!Number.isFinite(ms)) return null
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS)
}

/** A note as the API answers it. */
type Note = RouterOutputs['notes']['get']

/**
 * The note as the server has it now, carried by a `VERSION_CONFLICT`, or null for any other
 * error: an offline client merges with it without another round trip.
 *
 * @example
 * catch (e) { const theirs = conflictingNoteOf(e); if (theirs) merge(mine, theirs) }
 */
export function conflictingNoteOf(error: unknown): Note | null {
  const data = dataOf(error)
  return data?.appCode === 'VERSION_CONFLICT' && data.current ? (data.current as Note) : null
}
