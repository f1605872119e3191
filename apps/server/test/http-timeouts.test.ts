import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { type RunningServer, startServer } from '../src/start'
import { memoryLog } from './helpers'

// Far below Node's defaults (60 s for headers, 5 min for a request, 5 s idle keep-alive), so
// that each limit shows within a test: without them these sockets would stay open.
const HEADERS_MS = 400
const REQUEST_MS = 800
const KEEP_ALIVE_MS = 400

let server: RunningServer
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inkwell-timeouts-test-'))
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
  })
  server = await startServer(config, memoryLog('silent').logger)
})
afterAll(async () => {
  await server?.stop(1_000)
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

interface Ended {
  /** Everything the server wrote before it closed the connection. */
  readonly text: string
  readonly afterMs: number
}

/** A raw connection that writes `sent` and waits (up to 10 s) for the server to close it. */
async function openAndWait(sent: string): Promise<Ended> {
  const { port } = new URL(server.url)
  const socket: Socket = connect(Number(port), '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  const started = performance.now()
  let text = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk
  })
  socket.on('error', () => {})
  socket.write(sent)
  const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)))
  const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))
  const byServer = await Promise.race([closed, gaveUp])
  socket.destroy()
  if (!byServer) throw new Error(`the server kept the connection open; it sent: ${text}`)
  return { text, afterMs: performance.now() - started }
}

describe('Node server timeouts', () => {
  it('answers 408 and closes when the headers never finish', async () => {
    const { text, afterMs } = await openAndWait('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    expect(text).toMatch(/^HTTP\/1\.1 408 /)
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50)
  })

  it('answers 408 and closes when the body never finishes', async () => {
    const { text, afterMs } = await openAndWait(
      'POST /trpc/auth.login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    )
    expect(text).toMatch(/^HTTP\/1\.1 408 /)
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50)
  })

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { text, afterMs } = await openAndWait('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(text).toMatch(/^HTTP\/1\.1 200 /)
    // Node adds a second of grace before it closes; its default would close after 6 s.
    expect(afterMs).toBeLessThan(KEEP_ALIVE_MS + 1_000 + 2_000)
  })
})
