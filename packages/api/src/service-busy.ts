import { PasswordHashingBusyError } from '@inkwell/auth'
import type { TRPCError } from '@trpc/server'
import { AppError } from './app-error'

/**
 * 503 `SERVICE_BUSY`: the server sheds this request instead of queueing it without bound.
 * The server turns `retryAfterSeconds` into `Retry-After`.
 */
export class ServiceBusyError extends AppError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super('SERVICE_BUSY', 'The server is busy, try again shortly')
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * The ServiceBusyError a procedure's failure stands for, or null: a full password-hashing
 * queue, wherever in a service it was hit, is shed load, not an internal error.
 */
export function serviceBusyOf(error: TRPCError): ServiceBusyError | null {
  if (error instanceof ServiceBusyError) return error
  const cause = error.cause
  return cause instanceof PasswordHashingBusyError
    ? new ServiceBusyError(cause.retryAfterSeconds)
    : null
}
