import { appCodeOf, fieldErrorsOf, retryAfterMsOf } from '@inkwell/client'
import type { SyncFailure } from './types'

/** How a failed call counts: the run stops (`network`, `server`, `auth`), or the op is refused. */
export type FailureKind = SyncFailure['kind'] | 'refused'

export interface ClassifiedFailure {
  readonly kind: FailureKind
  readonly appCode: string | null
  readonly message: string
  readonly fieldErrors?: Record<string, string[]>
  /** The wait the server asked for (`Retry-After` of a 429 or 503), in ms. */
  readonly retryAfterMs?: number
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const data = (error as { data?: { httpStatus?: unknown } }).data
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined
}

/**
 * Tells a refused op (a 4xx: retrying the same request cannot help) from a run to retry later:
 * the network (no answer, or no tRPC answer), the server (5xx, 429), or the session (401, 403).
 */
export function classify(error: unknown): ClassifiedFailure {
  const status = httpStatusOf(error)
  const message = error instanceof Error ? error.message : String(error)
  const appCode = appCodeOf(error)
  const kind: FailureKind =
    status === undefined
      ? 'network'
      : status >= 500 || status === 429
        ? 'server'
        : status === 401 || status === 403
          ? 'auth'
          : 'refused'
  const fieldErrors = fieldErrorsOf(error)
  const retryAfterMs = retryAfterMsOf(error)
  return {
    kind,
    appCode,
    message,
    ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
    ...(retryAfterMs !== null ? { retryAfterMs } : {}),
  }
}

/** A failure that ends a sync run; the op stays queued. */
export class SyncRunError extends Error {
  override readonly name = 'SyncRunError'
  constructor(
    readonly failure: ClassifiedFailure,
    options?: { cause?: unknown },
  ) {
    super(failure.message, options)
  }
}
