import { openAsBlob } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { createTestHarness, type TestHarness, testImage } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appCodeOf, createBrowserClient, createClient } from '../src'

let h: TestHarness
let server: ServerType
let url: string
let token: string
const realFetch = globalThis.fetch

beforeAll(async () => {
  h = await createTestHarness()
  const app = createApp({ deps: h.deps, logger: createLogger('silent') })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const issued = await createClient({ url }).auth.register.mutate({
    email: 'avatar-client@example.com',
    password: 'a long passphrase',
    name: 'Avatar Client',
  })
  token = issued.session.token
})
afterAll(async () => {
  globalThis.fetch = realFetch
  await new Promise((resolve) => server.close(resolve))
  await h.close()
})

const AVATAR_URL = /^\/avatars\/[0-9a-f]{64}\.webp$/

interface Seen {
  readonly url: string
  readonly method: string
  readonly body: unknown
  readonly credentials: RequestInit['credentials']
}

/** A fetch that notes every request it sends on to the server. */
function recordingFetch(seen: Seen[], extraHeaders: Record<string, string> = {}): typeof fetch {
  return (input, init) => {
    const target = new URL(String(input), url)
    seen.push({
      url: `${target.pathname}${target.search}`,
      method: init?.method ?? 'GET',
      body: init?.body,
      credentials: init?.credentials,
    })
    const headers = new Headers(init?.headers)
    for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value)
    return realFetch(target, { ...init, headers })
  }
}

function formWith(bytes: Uint8Array | Blob, name = 'me.png'): FormData {
  const form = new FormData()
  form.append('file', bytes instanceof Blob ? bytes : new File([bytes], name), name)
  return form
}

describe('createClient', () => {
  it('sends a FormData call on its own, unbatched, while other calls still batch', async () => {
    const seen: Seen[] = []
    const inkwell = createClient({ url, token, fetch: recordingFetch(seen) })
    const png = await testImage('png', { color: '#204060' })
    const [me, uploaded, again] = await Promise.all([
      inkwell.users.me.query(),
      inkwell.users.uploadAvatar.mutate(formWith(png)),
      inkwell.users.sessions.query(),
    ])
    expect(me.avatarUrl).toBeNull()
    expect(uploaded.avatarUrl).toMatch(AVATAR_URL)
    expect(again).toHaveLength(1)

    expect(seen).toHaveLength(2)
    const upload = seen.find((s) => s.method === 'POST')
    expect(upload?.url).toBe('/trpc/users.uploadAvatar')
    expect(upload?.body).toBeInstanceOf(FormData)
    const batch = seen.find((s) => s.method === 'GET')
    expect(batch?.url).toMatch(/^\/trpc\/users\.me,users\.sessions\?batch=1&/)
  })

  it('never batches two uploads together either', async () => {
    const seen: Seen[] = []
    const inkwell = createClient({ url, token, fetch: recordingFetch(seen) })
    const [a, b] = await Promise.all([
      inkwell.users.uploadAvatar.mutate(formWith(await testImage('png', { color: '#111199' }))),
      inkwell.users.uploadAvatar.mutate(formWith(await testImage('jpeg', { color: '#991111' }))),
    ])
    expect(a.avatarUrl).toMatch(AVATAR_URL)
    expect(b.avatarUrl).toMatch(AVATAR_URL)
    expect(seen.map((s) => s.url)).toEqual(['/trpc/users.uploadAvatar', '/trpc/users.uploadAvatar'])
  })

  it('reports UNSUPPORTED_FILE with its app code', async () => {
    const inkwell = createClient({ url, token })
    const error = await inkwell.users.uploadAvatar
      .mutate(formWith(new TextEncoder().encode('not an image'), 'me.png'))
      .catch((e: unknown) => e)
    expect(appCodeOf(error)).toBe('UNSUPPORTED_FILE')
  })

  it('works from a plain Node script: a file from disk, then the image from avatarUrl', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'inkwell-avatar-'))
    try {
      const path = join(dir, 'me.jpg')
      await writeFile(path, await testImage('jpeg', { width: 600, height: 400, color: '#336699' }))

      // What a script does: createClient with a token, FormData with the file, mutate.
      const inkwell = createClient({ url, token })
      const form = new FormData()
      form.append('file', await openAsBlob(path), 'me.jpg')
      const user = await inkwell.users.uploadAvatar.mutate(form)
      expect(user.avatarUrl).toMatch(AVATAR_URL)

      // avatarUrl is relative to the server the client talks to.
      const image = await fetch(new URL(user.avatarUrl ?? '', url))
      expect(image.status).toBe(200)
      expect(image.headers.get('content-type')).toBe('image/webp')

      const removed = await inkwell.users.deleteAvatar.mutate()
      expect(removed.avatarUrl).toBeNull()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('createBrowserClient', () => {
  it('uploads unbatched, with the cookie (same-origin credentials) and no token', async () => {
    const seen: Seen[] = []
    // Play the browser: resolve '/trpc' against the server, send the cookie and the Origin.
    globalThis.fetch = recordingFetch(seen, {
      cookie: `inkwell_session=${token}`,
      origin: 'http://app.test',
    })
    try {
      const inkwell = createBrowserClient()
      const png = await testImage('png', { color: '#446688' })
      const [user] = await Promise.all([
        inkwell.users.uploadAvatar.mutate(formWith(png)),
        inkwell.users.me.query(),
      ])
      expect(user.avatarUrl).toMatch(AVATAR_URL)
      const upload = seen.find((s) => s.method === 'POST')
      expect(upload).toMatchObject({
        url: '/trpc/users.uploadAvatar',
        credentials: 'same-origin',
      })
      expect(upload?.body).toBeInstanceOf(FormData)
      expect(seen).toHaveLength(2)
    } finally {
      globalThis.fetch = realFetch
    }
  })
})
