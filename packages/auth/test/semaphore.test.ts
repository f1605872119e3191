import { expect, it } from 'vitest'
import { Semaphore } from '../src/semaphore'

it('runs at most `permits` tasks at once, in arrival order, and survives failures', async () => {
  const semaphore = new Semaphore(2)
  let running = 0
  let most = 0
  const started: number[] = []
  const tasks = Array.from({ length: 6 }, (_, i) =>
    semaphore.run(async () => {
      started.push(i)
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 5))
      running--
      if (i === 1) throw new Error('task 1 fails')
      return i
    }),
  )
  const results = await Promise.allSettled(tasks)
  expect(most).toBe(2)
  expect(started).toEqual([0, 1, 2, 3, 4, 5])
  expect(results.map((r) => r.status)).toEqual([
    'fulfilled',
    'rejected',
    'fulfilled',
    'fulfilled',
    'fulfilled',
    'fulfilled',
  ])
})
