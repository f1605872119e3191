import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { ClientRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { type AppRouter, AVATAR_MAX_BYTES } from '@inkwell/api'
import { testImage } from '@inkwell/api/testing'
import { createTRPCClient, httpLink, isNonJsonSerializable } from '@trpc/client'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES, createApp, UPLOAD_BODY_LIMIT_BYTES } from '../src/app'
import {
  APP_ORIGIN,
  createTestApp,
  json,
  type Listening,
  listen,
  query,
  rawRequest,
  reply,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

let t: TestApp
let server: Listening
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  server = await listen(t.app)
  ada = await signUp(server)
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

const AVATAR_URL = /^\/avatars\/([0-9a-f]{64})\.webp$/

function formWith(bytes: Uint8Array | string, name = 'me.png'): FormData {
  const form = new FormData()
  form.append('file', new File([bytes], name))
  return form
}

/** An upload the way a browser form or `curl -F file=@me.png` sends it: multipart over fetch. */
function postForm(form: FormData, headers: Record<string, string> = {}) {
  return server.request('/trpc/users.uploadAvatar', { method: 'POST', headers, body: form })
}

function untilDrained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('close', done)
      resolve()
    }
    req.on('drain', done).on('close', done)
  })
}

describe('uploading over HTTP', () => {
  it('takes FormData from the typed tRPC client (httpLink), and serves the image it made', async () => {
    const inkwell = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${ada.token}` } }),
      ],
    })
    const form = formWith(await testImage('png', { width: 320, height: 240, color: '#123456' }))
    expect(isNonJsonSerializable(form)).toBe(true)
    const user = await inkwell.users.uploadAvatar.mutate(form)
    expect(user.id).toBe(ada.userId)
    expect(user.avatarUrl).toMatch(AVATAR_URL)
    expect((await inkwell.users.me.query()).avatarUrl).toBe(user.avatarUrl)

    const res = await server.request(user.avatarUrl ?? '')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/webp')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(res.headers.get('content-length')).toBe(String(bytes.length))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      AVATAR_URL.exec(user.avatarUrl ?? '')?.[1],
    )
    const meta = await sharp(bytes).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 })
    expect(meta.exif).toBeUndefined()

    const head = await server.request(user.avatarUrl ?? '', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('image/webp')
  })

  it('takes a plain multipart POST (fetch, as curl -F file=@me.jpg does) with a bearer token', async () => {
    const jpeg = await testImage('jpeg', { width: 200, height: 300, color: '#654321' })
    const { status, body } = await reply(
      await postForm(formWith(jpeg, 'me.jpg'), { authorization: `Bearer ${ada.token}` }),
    )
    expect(status).toBe(200)
    expect(body.result.data).toMatchObject({ id: ada.userId, avatarUrl: expect.any(String) })
    expect(body.result.data.avatarUrl).toMatch(AVATAR_URL)
    expect((await server.request(body.result.data.avatarUrl)).status).toBe(200)
  })

  it('needs the app origin for a cookie-authenticated upload (a form post is a simple request)', async () => {
    const png = await testImage('png', { color: '#0f0f0f' })
    const crossSite = await reply(
      await postForm(formWith(png), { cookie: ada.cookie, origin: 'https://evil.example' }),
    )
    expect(crossSite.status).toBe(403)
    expect(crossSite.body.error.data.appCode).toBe('CSRF_REJECTED')
    const fromApp = await reply(
      await postForm(formWith(png), { cookie: ada.cookie, origin: APP_ORIGIN }),
    )
    expect(fromApp.status).toBe(200)
  })

  it('answers 400 UNSUPPORTED_FILE for what is not an accepted image, and 401 without a session', async () => {
    const auth = { authorization: `Bearer ${ada.token}` }
    const before = (await query(server, 'users.me', undefined, auth)).body.result.data.avatarUrl
    for (const [content, name] of [
      ['plain text, not a picture', 'me.png'],
      ['<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', 'me.svg'],
    ] as const) {
      const { status, body } = await reply(await postForm(formWith(content, name), auth))
      expect(status).toBe(400)
      expect(body.error.data.appCode).toBe('UNSUPPORTED_FILE')
    }
    expect((await query(server, 'users.me', undefined, auth)).body.result.data.avatarUrl).toBe(
      before,
    )
    const anonymous = await reply(await postForm(formWith(await testImage('png'))))
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.data.appCode).toBe('NOT_AUTHENTICATED')
  })

  it('deletes the avatar: avatarUrl null, and the old image 404', async () => {
    const inkwell = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${server.url}/trpc`, headers: { authorization: `Bearer ${ada.token}` } }),
      ],
    })
    const { avatarUrl } = await inkwell.users.uploadAvatar.mutate(
      formWith(await testImage('webp', { color: '#777700' }), 'me.webp'),
    )
    expect((await server.request(avatarUrl ?? '')).status).toBe(200)
    const cleared = await inkwell.users.deleteAvatar.mutate()
    expect(cleared.avatarUrl).toBeNull()
    expect((await server.request(avatarUrl ?? '')).status).toBe(404)
  })
})

describe('size limits', () => {
  const auth = () => ({ authorization: `Bearer ${ada.token}` })

  it('refuses a file over 5 MiB with 413 PAYLOAD_TOO_LARGE (within the body limit: from the procedure)', async () => {
    const big = Buffer.alloc(AVATAR_MAX_BYTES + 1)
    ;(await testImage('png')).copy(big)
    const { status, body } = await reply(await postForm(formWith(big), auth()))
    expect(status).toBe(413)
    expect(body.error.data).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      appCode: 'PAYLOAD_TOO_LARGE',
    })
  })

  it('refuses a body over the upload limit with 413 before reading it (Content-Length)', async () => {
    const declared = UPLOAD_BODY_LIMIT_BYTES + 1
    const { req, sent, response } = rawRequest(server.url, '/trpc/users.uploadAvatar', {
      headers: {
        ...auth(),
        'content-type': 'multipart/form-data; boundary=xyz',
        'content-length': String(declared),
      },
    })
    await sent
    req.write('--xyz\r\n') // and nothing more: the answer must not wait for the rest
    const res = await response
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
    req.destroy()
  })

  it('refuses a streamed upload (no Content-Length) with 413 once it passes the limit', async () => {
    const { req, response } = rawRequest(server.url, '/trpc/users.uploadAvatar', {
      headers: {
        ...auth(),
        'content-type': 'multipart/form-data; boundary=xyz',
        'transfer-encoding': 'chunked',
      },
    })
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let written = 0
    let answered = false
    void response.then(() => {
      answered = true
    })
    req.write('--xyz\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\n\r\n')
    while (!answered && written < 24 * 1024 * 1024 && !req.destroyed) {
      const drained = req.write(chunk)
      written += chunk.length
      if (!drained) await untilDrained(req)
      await delay(1)
    }
    if (!req.destroyed) req.end('\r\n--xyz--\r\n')
    const res = await response
    expect(res.status).toBe(413)
    expect(JSON.parse(res.text).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
    expect(written).toBeGreaterThan(AVATAR_MAX_BYTES)
    expect(written).toBeLessThan(24 * 1024 * 1024)
  })

  it('keeps the 1 MiB limit everywhere else, and for anything but a form on the upload path', async () => {
    // In process: over a socket the server answers before reading a refused body, and fetch
    // reports the cut-off send as a network error.
    const twoMiB = 'x'.repeat(2 * BODY_LIMIT_BYTES)
    const asForm = new FormData()
    asForm.append('name', twoMiB)
    const refusals = [
      // Another procedure, as a form.
      await t.app.request('/trpc/users.update', {
        method: 'POST',
        headers: auth(),
        body: asForm,
      }),
      // The upload path, as JSON.
      await t.app.request('/trpc/users.uploadAvatar', {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ file: twoMiB }),
      }),
      // The upload path in a batch.
      await t.app.request('/trpc/users.uploadAvatar,users.me?batch=1', {
        method: 'POST',
        headers: auth(),
        body: asForm,
      }),
    ]
    for (const res of refusals) {
      expect(res.status).toBe(413)
      expect((await json(res)).error.data.appCode).toBe('PAYLOAD_TOO_LARGE')
    }
  })
})

describe('GET /avatars/<file>', () => {
  it('is 404 NOT_FOUND for an unknown or malformed name, never cached for long', async () => {
    const names = [
      `${'0'.repeat(64)}.webp`,
      'nope.webp',
      `${'A'.repeat(64)}.webp`,
      `${'a'.repeat(64)}.png`,
      `${'a'.repeat(64)}.webp.html`,
      `${'a'.repeat(63)}.webp`,
      '%2e%2e%2fetc%2fpasswd',
      '',
      `x/${'a'.repeat(64)}.webp`,
    ]
    for (const name of names) {
      const res = await server.request(`/avatars/${name}`, { headers: { accept: 'text/html' } })
      expect(res.status, name).toBe(404)
      expect(res.headers.get('cache-control') ?? '', name).not.toContain('immutable')
      expect((await json(res)).error.data.appCode, name).toBe('NOT_FOUND')
    }
  })

  it('is never the web app, even for a browser asking for HTML', async () => {
    const root = mkdtempSync(join(tmpdir(), 'inkwell-web-'))
    try {
      writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>')
      const withWeb = createApp({ deps: t.h.deps, logger: t.log.logger, webRoot: root })
      for (const path of ['/avatars/missing.webp', '/avatars/a/b.webp', '/avatars']) {
        const res = await withWeb.request(path, { headers: { accept: 'text/html' } })
        expect(res.status, path).toBe(404)
        expect(res.headers.get('content-type'), path).toContain('application/json')
      }
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
