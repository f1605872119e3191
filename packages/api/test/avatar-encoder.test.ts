import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { AppError } from '../src/app-error'
import { AvatarEncoder } from '../src/images/avatar-encoder'
import { ServiceBusyError } from '../src/service-busy'

/** A PNG big enough that re-encoding it takes a while (2400x2400, noise). */
async function heavyPng(): Promise<Buffer> {
  return sharp({
    create: {
      width: 2400,
      height: 2400,
      channels: 3,
      background: { r: 200, g: 40, b: 40 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer()
}

describe('AvatarEncoder', () => {
  it('sheds an upload with SERVICE_BUSY once its waiting line is full, and takes uploads again after', async () => {
    const encoder = new AvatarEncoder({ concurrency: 1, maxWaiting: 1 })
    const png = await heavyPng()
    const results = await Promise.allSettled([
      encoder.encode(png),
      encoder.encode(png),
      encoder.encode(png),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    const shed = (results[2] as PromiseRejectedResult).reason
    expect(shed).toBeInstanceOf(ServiceBusyError)
    expect((shed as AppError).appCode).toBe('SERVICE_BUSY')
    expect((shed as ServiceBusyError).retryAfterSeconds).toBeGreaterThan(0)

    const again = await encoder.encode(png)
    expect(again.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('lets four uploads wait by default', async () => {
    const encoder = new AvatarEncoder({ concurrency: 1 })
    const png = await heavyPng()
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => encoder.encode(png)))
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ])
  })
})
