import { TRPCClientError } from '@trpc/client'
import { expect, it } from 'vitest'
import { retryAfterSeconds, withRateLimitRetry } from '../src/retry'

/** A client error as the batch link makes it: the envelope's data, the response in `meta`. */
function refusal(appCode: string, retryAfter?: string) {
  const response = new Response(null, {
    status: 429,
    headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  })
  return TRPCClientError.from(
    { error: { message: 'Too many requests', code: -32029, data: { appCode, httpStatus: 429 } } },
    { meta: { response } },
  )
}

it('reads Retry-After from the response behind a client error', () => {
  expect(retryAfterSeconds(refusal('RATE_LIMITED', '12'))).toBe(12)
  expect(retryAfterSeconds(refusal('RATE_LIMITED'))).toBeNull()
  expect(retryAfterSeconds(new Error('network'))).toBeNull()
})

it('waits as told and tries again on RATE_LIMITED, and gives up after the attempts', async () => {
  let calls = 0
  const waits: number[] = []
  const result = await withRateLimitRetry(
    async () => {
      calls++
      if (calls < 3) throw refusal('RATE_LIMITED', '0')
      return 'done'
    },
    (seconds) => waits.push(seconds),
  )
  expect(result).toBe('done')
  expect(waits).toEqual([0, 0])

  const always = () => Promise.reject(refusal('RATE_LIMITED', '0'))
  await expect(withRateLimitRetry(always, () => {}, 3)).rejects.toBeInstanceOf(TRPCClientError)
})

it('does not retry any other error', async () => {
  let calls = 0
  const failing = async () => {
    calls++
    throw refusal('VALIDATION_FAILED')
  }
  await expect(withRateLimitRetry(failing)).rejects.toBeInstanceOf(TRPCClientError)
  expect(calls).toBe(1)
})
