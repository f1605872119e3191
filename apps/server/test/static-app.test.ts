import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { createLogger } from '../src/logger'
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, serveWebApp } from '../src/static-app'
import type { AppEnv } from '../src/types'

const INDEX = '<!doctype html><title>Inkwell</title><div id="root"></div>'
const SCRIPT = 'console.log("app")'
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

let h: TestHarness
let app: Hono<AppEnv>
let root: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'inkwell-web-'))
  mkdirSync(join(root, 'assets'))
  mkdirSync(join(root, '.vite'))
  writeFileSync(join(root, 'index.html'), INDEX)
  writeFileSync(join(root, 'assets', 'index-Bx12abCD.js'), SCRIPT)
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(root, '.vite', 'manifest.json'), '{}')
  h = await createTestHarness()
  app = createApp({ deps: h.deps, logger: createLogger('silent') })
  app.use(serveWebApp({ root }))
})
afterAll(async () => {
  await h.close()
  rmSync(root, { recursive: true, force: true })
})

describe('serveWebApp', () => {
  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.request('/assets/index-Bx12abCD.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE_CACHE)
    expect(await res.text()).toBe(SCRIPT)
    const head = await app.request('/assets/index-Bx12abCD.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('cache-control')).toBe(IMMUTABLE_CACHE)
  })

  it('serves index.html revalidated, with a content security policy', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await app.request(path, { headers: html })
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe(REVALIDATE_CACHE)
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await res.text()).toBe(INDEX)
    }
    const icon = await app.request('/favicon.svg')
    expect(icon.headers.get('cache-control')).toBe(REVALIDATE_CACHE)
  })

  it('serves the app at / whatever the client accepts', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/plain']) {
      const res = await app.request('/', accept ? { headers: { accept } } : {})
      expect(res.status, accept).toBe(200)
      expect(res.headers.get('content-type'), accept).toMatch(/^text\/html/)
      expect(res.headers.get('content-security-policy'), accept).toContain("script-src 'self'")
      expect(await res.text(), accept).toBe(INDEX)
    }
    expect((await app.request('/', { method: 'HEAD' })).status).toBe(200)
  })

  it('falls back to index.html for the app routes a browser opens', async () => {
    for (const path of ['/notes/3f1c', '/reset-password?token=abc', '/no/such/page']) {
      const res = await app.request(path, { headers: html })
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe(REVALIDATE_CACHE)
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('leaves the server paths, other methods and non-HTML requests alone', async () => {
    const trpc = await app.request('/trpc/no.such', { headers: html })
    expect(trpc.status).toBe(404)
    expect(trpc.headers.get('content-type')).toMatch(/json/)
    const health = await app.request('/healthz', { headers: html })
    expect(await health.json()).toEqual({ status: 'ok' })
    const post = await app.request('/notes', { method: 'POST', headers: html })
    expect(post.status).toBe(404)
    const json = await app.request('/notes', { headers: { accept: 'application/json' } })
    expect(json.status).toBe(404)
    const missingAsset = await app.request('/assets/gone-123.js', { headers: html })
    expect(missingAsset.status).toBe(404)
    expect(missingAsset.headers.get('cache-control')).toBeNull()
  })

  it('never serves hidden files', async () => {
    const res = await app.request('/.vite/manifest.json')
    expect(res.status).toBe(404)
    const asPage = await app.request('/.vite/manifest.json', { headers: html })
    expect(await asPage.text()).toBe(INDEX)
  })
})
