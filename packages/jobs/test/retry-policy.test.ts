import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defaultRetryPolicy, defineJob, retrySchedule } from '../src'

const HOUR = 3600

describe('the default retry policy', () => {
  const schedule = retrySchedule(defaultRetryPolicy)

  it('retries the first time within 30 s', () => {
    expect(schedule.firstRetry.max).toBeLessThanOrEqual(30)
    expect(schedule.firstRetry.min).toBeGreaterThan(0)
  })

  it('gives up within 24 hours, having kept trying for over 11', () => {
    expect(schedule.givesUpWithin).toBeLessThanOrEqual(24 * HOUR)
    expect(schedule.lastRetry.min).toBeGreaterThan(11 * HOUR)
  })

  it('keeps a waiting job past its last retry', () => {
    expect(defaultRetryPolicy.retentionHours * HOUR).toBeGreaterThan(schedule.givesUpWithin)
  })
})

describe('defineJob', () => {
  const base = { payload: z.object({}), handle: async () => {} }

  it('refuses a retention that would drop a job before its last retry', () => {
    expect(() =>
      defineJob({ ...base, name: 'short-lived', retry: { retentionHours: 12 } }),
    ).toThrow(/retentionHours/)
  })

  it('refuses names that are not lower-case words with dots and dashes', () => {
    expect(() => defineJob({ ...base, name: 'Bad Name' })).toThrow(/job name/)
  })

  it('fills in the default policy', () => {
    expect(defineJob({ ...base, name: 'plain' }).retry).toEqual(defaultRetryPolicy)
  })
})
