import type { AppCode } from '@inkwell/api'
import { TRPCClientError } from '@trpc/client'

/** `{ field: messages }` of a validation failure. */
export type FieldErrors = Record<string, string[]>

interface ErrorData {
  appCode?: AppCode
  fieldErrors?: FieldErrors
  requestId?: string
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
