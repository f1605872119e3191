/** The subset of a pino logger the queue writes to. */
export interface JobLogger {
  info(details: object, message: string): void
  warn(details: object, message: string): void
  error(details: object, message: string): void
}

/** A logger that drops everything. */
export const silentJobLogger: JobLogger = { info() {}, warn() {}, error() {} }

/** What a failure leaves in the job's output and in the log: the message, never a stack. */
export function failureOutput(error: unknown): { message: string } {
  return { message: error instanceof Error ? error.message : String(error) }
}
