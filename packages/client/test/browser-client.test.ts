import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { appCodeOf, createBrowserClient } from '../src'

let h: TestHarness
let server: ServerType
let origin: string
const realFetch = globalThis.fetch

beforeAll(async () => {
  h = await createTestHarness()
  const app = createApp({ deps: h.deps, logger: createLogger('silent') })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(() => {
  globalThis.fetch = realFetch
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await h.close()
})

it('calls /trpc on the page origin with same-origin credentials and no token', async () => {
  const seen: { url: string; credentials: RequestInit['credentials']; auth: boolean }[] = []
  // Node has no page to resolve '/trpc' against: play the browser's part with the server's origin.
  globalThis.fetch = (input, init) => {
    const url = String(input)
    const headers = new Headers(init?.headers)
    seen.push({ url, credentials: init?.credentials, auth: headers.has('authorization') })
    return realFetch(new URL(url, origin), init)
  }
  const inkwell = createBrowserClient()
  const error = await inkwell.users.me.query().catch((e: unknown) => e)
  expect(appCodeOf(error)).toBe('NOT_AUTHENTICATED')
  expect(seen).toHaveLength(1)
  expect(seen[0]?.url.startsWith('/trpc/users.me')).toBe(true)
  expect(seen[0]?.credentials).toBe('same-origin')
  expect(seen[0]?.auth).toBe(false)
})
