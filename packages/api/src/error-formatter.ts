import type { TRPCDefaultErrorShape, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import { type AppCode, AppError, defaultAppCodes, type FieldErrors } from './errors'

export interface ErrorData {
  code: TRPCDefaultErrorShape['data']['code']
  httpStatus: number
  path?: string
  appCode: AppCode
  fieldErrors?: FieldErrors
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

  if (error instanceof AppError) {
    if (error.fieldErrors) data.fieldErrors = error.fieldErrors
  } else if (error.cause instanceof ZodError) {
    data.fieldErrors = fieldErrorsOf(error.cause)
    message = 'Invalid input'
  } else if (internal) {
    if (options.requestId) data.requestId = options.requestId
    if (!options.development) message = 'Internal server error'
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

/** `{ field: messages }` keyed by the top-level input field (`_` for the input as a whole). */
function fieldErrorsOf(error: ZodError): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_'
    fields[field] = [...(fields[field] ?? []), issue.message]
  }
  return fields
}
