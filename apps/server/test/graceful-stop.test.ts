import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { type RunningServer, startServer } from '../src/start'
import { memoryLog, PASSWORD, rawRequest, uniqueEmail } from './helpers'

let server: RunningServer | undefined
// Where mail would go without SMTP_URL: anywhere but the working tree.
const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-stop-test-'))
afterEach(async () => {
  await server?.stop(100).catch(() => {})
  server = undefined
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function start(): Promise<RunningServer> {
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RATE_LIMITS: 'off',
  })
  server = await startServer(config, memoryLog().logger)
  return server
}

/** The error code of a failed fetch (ECONNREFUSED, …), or undefined if it got an answer. */
async function fetchError(url: string): Promise<string | undefined> {
  try {
    await (await fetch(url)).text()
    return undefined
  } catch (error) {
    return ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code
  }
}

// Each test starts a server on a fresh embedded database (migrations from zero): seconds on a
// busy machine, before the behaviour under test begins.
describe('stop()', { timeout: 60_000 }, () => {
  it('lets an in-flight request finish, refuses new connections, and does not wait on keep-alive', async () => {
    const running = await start()
    // A keep-alive connection, left idle after its answer: it must not hold the stop open.
    const idle = await fetch(`${running.url}/healthz`)
    expect(idle.headers.get('connection')).toBe('keep-alive')
    await idle.text()

    // A request whose body is still on its way when the stop begins.
    const inFlight = rawRequest(running.url, '/trpc/auth.requestPasswordReset', {
      headers: { 'transfer-encoding': 'chunked' },
    })
    inFlight.req.write('{"email":')
    await inFlight.sent
    await delay(100)

    let stopped = false
    const stopping = running.stop(30_000).then(() => {
      stopped = true
    })
    await delay(50)
    expect(await fetchError(`${running.url}/healthz`)).toBe('ECONNREFUSED')
    expect(stopped).toBe(false)

    inFlight.req.end(`${JSON.stringify(uniqueEmail('inflight'))}}`)
    const res = await inFlight.response
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text).result.data).toEqual({ ok: true })
    // Its connection is not kept for more work: the client is told, and the stop completes
    // without waiting for Node's keep-alive timeout (5 s) or the grace period (30 s).
    expect(res.headers.connection).toBe('close')
    const answeredAt = performance.now()
    await stopping
    expect(performance.now() - answeredAt).toBeLessThan(2_500)
    expect(await fetchError(`${running.url}/healthz`)).toBe('ECONNREFUSED')
    server = undefined
  })

  it('cuts a request that never ends once the grace period is over', async () => {
    const running = await start()
    const hung = rawRequest(running.url, '/trpc/auth.register', {
      headers: { 'transfer-encoding': 'chunked' },
    })
    hung.req.write(`{"email":"${uniqueEmail('hung')}","password":"${PASSWORD}",`)
    await hung.sent
    await delay(100)
    await running.stop(300)
    await expect(hung.response).rejects.toThrow()
    server = undefined
  })
})
