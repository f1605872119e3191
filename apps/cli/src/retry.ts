import { appCodeOf } from '@inkwell/client'

/** How long the server asked us to wait (`Retry-After`, seconds) before a refused call. */
export function retryAfterSeconds(error: unknown): number | null {
  const response = (error as { meta?: { response?: { headers?: Headers } } }).meta?.response
  const header = response?.headers?.get('retry-after')
  const value = header ? Number(header) : Number.NaN
  return Number.isFinite(value) && value >= 0 ? value : null
}

/**
 * Runs `call`, and when the server answers 429 `RATE_LIMITED` (note writes are limited per
 * minute) waits as long as its `Retry-After` says and tries again, up to `attempts` times.
 * Long work (an import) slows down instead of failing halfway.
 *
 * @example
 * const note = await withRateLimitRetry(() => client.notes.create.mutate(input), (s) => say(io, `waiting ${s}s`))
 */
export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  onWait: (seconds: number) => void = () => {},
  attempts = 10,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (appCodeOf(error) !== 'RATE_LIMITED' || attempt >= attempts) throw error
      const seconds = retryAfterSeconds(error) ?? 5
      onWait(seconds)
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    }
  }
}
