import { expect, it } from 'vitest'
import { Semaphore, SemaphoreFullError } from '../src/semaphore'

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

it('with a bounded line, refuses a task at once when `maxWaiting` are waiting', async () => {
  const semaphore = new Semaphore(1, 2)
  let release = () => {}
  const blocker = new Promise<void>((resolve) => {
    release = resolve
  })
  const running = semaphore.run(() => blocker)
  const waiting = [semaphore.run(async () => 'a'), semaphore.run(async () => 'b')]
  expect(semaphore.waiting).toBe(2)
  expect(semaphore.full).toBe(true)
  let ran = false
  await expect(
    semaphore.run(async () => {
      ran = true
    }),
  ).rejects.toBeInstanceOf(SemaphoreFullError)
  expect(ran).toBe(false)
  release()
  await running
  expect(await Promise.all(waiting)).toEqual(['a', 'b'])
  expect(semaphore.full).toBe(false)
})
