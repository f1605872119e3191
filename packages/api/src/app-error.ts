import { TRPCError } from '@trpc/server'
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc'

/** The tRPC code (and so the HTTP status) behind each stable application code. */
export const appCodes = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  INVALID_CURSOR: 'BAD_REQUEST',
  CURSOR_EXPIRED: 'BAD_REQUEST',
  INVALID_TOKEN: 'BAD_REQUEST',
  WRONG_PASSWORD: 'BAD_REQUEST',
  UNSUPPORTED_FILE: 'BAD_REQUEST',
  NOT_AUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  CSRF_REJECTED: 'FORBIDDEN',
  CANNOT_CHANGE_SELF: 'FORBIDDEN',
  SESSION_REQUIRED: 'FORBIDDEN',
  INSUFFICIENT_SCOPE: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  USER_NOT_FOUND: 'NOT_FOUND',
  SESSION_NOT_FOUND: 'NOT_FOUND',
  NOTE_NOT_FOUND: 'NOT_FOUND',
  TOKEN_NOT_FOUND: 'NOT_FOUND',
  EMAIL_TAKEN: 'CONFLICT',
  VERSION_CONFLICT: 'CONFLICT',
  NOT_IN_TRASH: 'CONFLICT',
  NOTE_ID_TAKEN: 'CONFLICT',
  TOKEN_LIMIT_REACHED: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  TOO_MANY_STREAMS: 'TOO_MANY_REQUESTS',
  SERVICE_BUSY: 'SERVICE_UNAVAILABLE',
  BAD_REQUEST: 'BAD_REQUEST',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_SUPPORTED',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>

export type AppCode = keyof typeof appCodes
export type FieldErrors = Record<string, string[]>

/**
 * An expected failure: a stable `appCode` a client can switch on, mapped to its tRPC code
 * (and HTTP status) by the one error formatter.
 *
 * @example
 * throw new AppError('EMAIL_TAKEN', 'An account with this email already exists')
 */
export class AppError extends TRPCError {
  readonly appCode: AppCode
  readonly fieldErrors: FieldErrors | undefined
  /** What the server has now, for a conflict a client can resolve without another call. */
  readonly current: unknown

  constructor(
    appCode: AppCode,
    message: string,
    options: { fieldErrors?: FieldErrors; current?: unknown; cause?: unknown } = {},
  ) {
    super({ code: appCodes[appCode], message, cause: options.cause })
    this.appCode = appCode
    this.fieldErrors = options.fieldErrors
    this.current = options.current
  }
}

/** The application code for an error that is not an AppError (tRPC's own, or unexpected). */
export const defaultAppCodes: Partial<Record<TRPC_ERROR_CODE_KEY, AppCode>> = {
  PARSE_ERROR: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'NOT_AUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'METHOD_NOT_SUPPORTED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_BUSY',
}
