import { Hono } from 'hono'
import { expect, it } from 'vitest'
import { RunningHandlers } from '../src/middleware/running-handlers'

it('reports idle only once every running handler has finished', async () => {
  const handlers = new RunningHandlers()
  let release!: () => void
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const app = new Hono()
  app.use(handlers.middleware)
  app.get('/slow', async (c) => {
    await gate
    return c.text('done')
  })
  await handlers.idle() // nothing running: resolves at once

  const response = app.request('/slow')
  await new Promise((r) => setTimeout(r, 10))
  expect(handlers.count).toBe(1)
  let idle = false
  const waiting = handlers.idle().then(() => {
    idle = true
  })
  await new Promise((r) => setTimeout(r, 10))
  expect(idle).toBe(false)

  release()
  expect(await (await response).text()).toBe('done')
  await waiting
  expect(handlers.count).toBe(0)
})

it('counts a handler that throws as finished', async () => {
  const handlers = new RunningHandlers()
  const app = new Hono()
  app.use(handlers.middleware)
  app.get('/boom', () => {
    throw new Error('boom')
  })
  expect((await app.request('/boom')).status).toBe(500)
  expect(handlers.count).toBe(0)
})
