/**
 * How a job is retried. pg-boss waits `retryDelaySeconds · 2^(n-1)` before the nth retry, plus
 * up to as much again of random jitter, so instances that failed together do not retry together.
 */
export interface RetryPolicy {
  /** Retries after the first attempt; 0: one attempt only. */
  readonly retryLimit: number
  /** The wait before the first retry, before jitter (so the first retry comes within twice it). */
  readonly retryDelaySeconds: number
  /** How long one attempt may run before it counts as failed (and is retried). */
  readonly expireInSeconds: number
  /**
   * How long a job may wait to run, counted from when it was enqueued; pg-boss drops it after
   * that. Must outlast the last retry, or a retrying job would vanish instead of giving up.
   */
  readonly retentionHours: number
}

/**
 * The default: the first retry within 10-20 s, then doubling waits, 12 retries in all; the
 * last one starts between 11.4 and 22.8 hours after the first attempt, so a job that fails
 * throughout gives up within a day (an SMTP outage of up to ~11 hours delays mail and loses
 * none).
 */
export const defaultRetryPolicy: RetryPolicy = {
  retryLimit: 12,
  retryDelaySeconds: 10,
  expireInSeconds: 120,
  retentionHours: 48,
}

/** Earliest and latest, in seconds. */
export interface Span {
  readonly min: number
  readonly max: number
}

/** When the retries of a job that always fails start, after its first attempt failed. */
export interface RetrySchedule {
  /** The wait before the first retry. */
  readonly firstRetry: Span
  /** From the first failure to the start of the last retry (attempt run time not counted). */
  readonly lastRetry: Span
  /**
   * From enqueueing to giving up at the latest: every wait at its longest and every attempt
   * running until it expires.
   */
  readonly givesUpWithin: number
}

/** The retry schedule `policy` gives, per pg-boss's backoff (doubling waits, up to 100% jitter). */
export function retrySchedule(policy: RetryPolicy): RetrySchedule {
  const { retryLimit, retryDelaySeconds: delay, expireInSeconds } = policy
  if (retryLimit === 0) {
    return { firstRetry: none, lastRetry: none, givesUpWithin: expireInSeconds }
  }
  // pg-boss caps the doubling at 2^16.
  let base = 0
  for (let n = 0; n < retryLimit; n++) base += delay * 2 ** Math.min(n, 15)
  return {
    firstRetry: { min: delay, max: 2 * delay },
    lastRetry: { min: base, max: 2 * base },
    givesUpWithin: 2 * base + (retryLimit + 1) * expireInSeconds,
  }
}

const none: Span = { min: 0, max: 0 }

/** Throws when `policy` is not one pg-boss can honour, or would drop a job before it gives up. */
export function assertRetryPolicy(name: string, policy: RetryPolicy): void {
  const { retryLimit, retryDelaySeconds, expireInSeconds, retentionHours } = policy
  const wholeNumbers = [retryLimit, retryDelaySeconds, expireInSeconds, retentionHours]
  if (!wholeNumbers.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new Error(`job ${name}: the retry policy takes whole numbers`)
  }
  if (retryLimit > 0 && retryDelaySeconds < 1) {
    throw new Error(`job ${name}: retries need a delay of at least 1 s`)
  }
  if (expireInSeconds < 1 || expireInSeconds >= 24 * 3600) {
    throw new Error(`job ${name}: expireInSeconds must be from 1 s to under 24 h`)
  }
  if (retentionHours * 3600 <= retrySchedule(policy).givesUpWithin) {
    throw new Error(`job ${name}: retentionHours must outlast the last retry`)
  }
}
