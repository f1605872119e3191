import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'
import { serializeError } from './error-serializer'

export type { Logger }

/**
 * JSON logs on stdout. Secrets never reach a line: anything that looks like a credential is
 * redacted wherever it appears in the logged object, and an error logged as `err` keeps its
 * message, code and stack but not the query, parameters or row values a database error
 * carries. `destination` (stdout by default) lets a test read the lines the real logger writes.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    serializers: { err: serializeError },
    redact: {
      paths: [
        'password',
        '*.password',
        'currentPassword',
        '*.currentPassword',
        'newPassword',
        '*.newPassword',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'cookie',
        '*.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        'FIRST_ADMIN_PASSWORD',
      ],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination) : pino(options)
}
