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
