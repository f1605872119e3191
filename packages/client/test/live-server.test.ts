import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, loadConfig, type RunningServer, startServer } from '@inkwell/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../src'
import { until } from './support'

// The built-in server as `pnpm start` runs it, with request timeouts far below a stream's life.
let server: RunningServer
let dataDir: string
let stopped = false

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inkwell-live-test-'))
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RATE_LIMITS: 'off',
    HTTP_HEADERS_TIMEOUT_MS: '200',
    HTTP_REQUEST_TIMEOUT_MS: '400',
  })
  server = await startServer(config, createLogger('silent'))
})

afterAll(async () => {
  if (!stopped) await server?.stop(1_000)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function signUp(): Promise<string> {
  const { session } = await createClient({ url: server.url }).auth.register.mutate({
    email: `stream-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: 'a long passphrase',
    name: 'Streamer',
  })
  return session.token
}

/** An event stream read as raw text over one HTTP response. */
async function openStream(token: string) {
  const res = await fetch(`${server.url}/trpc/notes.onChange`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  })
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  const state = { text: '', ended: false }
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: '', done: true }))
      if (done) break
      state.text += value
    }
    state.ended = true
  })()
  const events = () => state.text.split('\n\n').filter((e) => /^id: /m.test(e)).length
  return { res, state, events, cancel: () => reader.cancel() }
}

describe('event streams on the running server', () => {
  it('are not cut by HTTP_REQUEST_TIMEOUT_MS, nor buffered', async () => {
    const token = await signUp()
    const stream = await openStream(token)
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream')
    expect(stream.res.headers.get('content-encoding')).toBeNull()
    await until(() => stream.events() === 1)

    // Well past the 400 ms request timeout (checked every 50 ms here).
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(stream.state.ended).toBe(false)
    await createClient({ url: server.url, token }).notes.create.mutate({
      title: 'Still here',
      content: '',
      tags: [],
    })
    await until(() => stream.events() === 2)
    await stream.cancel()
  })

  it('end when the server stops, without holding the drain for the grace period', async () => {
    const token = await signUp()
    const raw = await openStream(token)
    const errors: unknown[] = []
    const ids: string[] = []
    const sub = createClient({ url: server.url, token }).notes.onChange.subscribe(undefined, {
      onData: (event) => ids.push(event.id),
      onError: (error) => errors.push(error),
    })
    await until(() => raw.events() === 1 && ids.length === 1)

    // A stop that waited for the streams would take the whole minute of grace.
    const started = Date.now()
    stopped = true
    await server.stop(60_000)
    expect(Date.now() - started).toBeLessThan(15_000)
    await until(() => raw.state.ended)
    // Ended as a dropped connection, not as a finished subscription: clients reconnect.
    expect(raw.state.text).not.toContain('event: return')
    expect(raw.state.text).not.toContain('serialized-error')
    expect(errors).toEqual([])
    sub.unsubscribe()
  })
})
