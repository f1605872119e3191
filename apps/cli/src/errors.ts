import { appCodeOf, fieldErrorsOf } from '@inkwell/client'
import { TRPCClientError } from '@trpc/client'

/** The process exit codes: scripts switch on these. */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  notAuthenticated: 3,
  notFound: 4,
  conflict: 5,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * A failure the CLI reports itself: a stable code (like the server's app codes), a message,
 * and the exit code it ends the process with.
 *
 * @example
 * throw new CliError('NOT_LOGGED_IN', 'Log in first: inkwell login --email <email>', ExitCode.notAuthenticated)
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode = ExitCode.error,
  ) {
    super(message)
  }
}

/** A usage mistake the parser could not catch (options that exclude each other, say): exit 2. */
export function usageError(message: string): CliError {
  return new CliError('USAGE', message, ExitCode.usage)
}

interface ServerErrorData {
  readonly httpStatus?: number
}

/** The exit code for any error a command throws. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode
  if (!(error instanceof TRPCClientError)) return ExitCode.error
  const appCode = appCodeOf(error)
  // An API token cannot do this: the fix is the same as for no credential at all (log in).
  if (appCode === 'SESSION_REQUIRED') return ExitCode.notAuthenticated
  switch ((error.data as ServerErrorData | undefined)?.httpStatus) {
    case 401:
      return ExitCode.notAuthenticated
    case 404:
      return ExitCode.notFound
    case 409:
      return ExitCode.conflict
    default:
      return ExitCode.error
  }
}

/**
 * One line for a person: the app code and the message, with the per-field messages of a
 * validation failure. Never a stack trace.
 */
export function describeError(error: unknown, url: string): string {
  if (error instanceof CliError) return `${error.code}: ${error.message}`
  if (error instanceof TRPCClientError) {
    const appCode = appCodeOf(error)
    if (!appCode) return `CANNOT_REACH_SERVER: ${url} did not answer (${networkReason(error)})`
    const fields = Object.entries(fieldErrorsOf(error))
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ')
    return `${appCode}: ${error.message}${fields ? ` (${fields})` : ''}`
  }
  return `ERROR: ${error instanceof Error ? error.message : String(error)}`
}

function networkReason(error: Error): string {
  const cause = error.cause as { cause?: { code?: string }; code?: string } | undefined
  return cause?.cause?.code ?? cause?.code ?? error.message
}
