import type { TRPCDefaultErrorShape, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import { type AppCode, AppError, defaultAppCodes, type FieldErrors } from './app-error'

export interface ErrorData {
  code: TRPCDefaultErrorShape['data']['code']
  httpStatus: number
  path?: string
  appCode: AppCode
  fieldErrors?: FieldErrors
  /** On `VERSION_CONFLICT`: the note as the server has it now. */
  current?: unknown
  /** On 5xx: matches the server's log line for this request. */
  requestId?: string
  stack?: string
}

export interface ErrorShape {
  message: string
  code: TRPCDefaultErrorShape['code']
  data: ErrorData
}

export interface FormatOptions {
  readonly development: boolean
  readonly requestId: string | undefined
}

/**
 * The one error formatter: adds `appCode` and `fieldErrors`, and hides internals (message,
 * stack, SQL) of unexpected errors outside development.
 */
export function formatError(
  shape: TRPCDefaultErrorShape,
  error: TRPCError,
  options: FormatOptions,
): ErrorShape {
  const { httpStatus, code, path } = shape.data
  const internal = httpStatus >= 500
  const data: ErrorData = {
    code,
    httpStatus,
    appCode: appCodeOf(error, internal),
    ...(path ? { path } : {}),
  }
  let message = shape.message

  if (internal && options.requestId) data.requestId = options.requestId
  if (error instanceof AppError) {
    if (error.fieldErrors) data.fieldErrors = error.fieldErrors
    if (error.current !== undefined) data.current = error.current
  } else if (error.cause instanceof ZodError) {
    data.fieldErrors = fieldErrorsOf(error.cause)
    message = 'Invalid input'
  } else if (internal && !options.development) {
    message = 'Internal server error'
  }
  if (internal && options.development && error.stack) data.stack = error.stack
  return { message, code: shape.code, data }
}

function appCodeOf(error: TRPCError, internal: boolean): AppCode {
  if (error instanceof AppError) return error.appCode
  if (error.cause instanceof ZodError) return 'VALIDATION_FAILED'
  if (internal) return 'INTERNAL_ERROR'
  return defaultAppCodes[error.code] ?? 'BAD_REQUEST'
}

/** At most this many messages per field: a client shows a few, not one per bad list item. */
export const MESSAGES_PER_FIELD = 10
/** At most this many issues are read, however many a failed parse reported. */
export const ISSUES_READ = 100

/**
 * `{ field: messages }` keyed by the top-level input field (`_` for the input as a whole). Its
 * work and its size are bounded (ISSUES_READ, MESSAGES_PER_FIELD), whatever the input was.
 */
function fieldErrorsOf(error: ZodError): FieldErrors {
  const fields = new Map<string, string[]>()
  for (const issue of error.issues.slice(0, ISSUES_READ)) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_'
    const messages = fields.get(field)
    if (!messages) fields.set(field, [issue.message])
    else if (messages.length < MESSAGES_PER_FIELD) messages.push(issue.message)
  }
  return Object.fromEntries(fields)
}
