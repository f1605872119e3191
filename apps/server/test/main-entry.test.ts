import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'

// src/main.ts, the process entry point, imported in this process (process.test.ts runs it as a
// child process, the way pnpm does). Here process.exit is only recorded, and the signal
// handlers main.ts installs are called directly and removed afterwards.
const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-main-entry-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const SIGNALS = ['SIGTERM', 'SIGINT'] as const
type SignalHandler = (signal: NodeJS.Signals) => void

let installed: Record<(typeof SIGNALS)[number], SignalHandler[]> = { SIGTERM: [], SIGINT: [] }
afterEach(() => {
  for (const signal of SIGNALS) {
    for (const handler of installed[signal]) process.off(signal, handler)
  }
  installed = { SIGTERM: [], SIGINT: [] }
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

class ProcessExit extends Error {
  constructor(readonly code: number | string | null | undefined) {
    super(`process.exit(${code})`)
  }
}

/**
 * Imports src/main.ts afresh with this environment. `exit` says what process.exit does:
 * `throw` stops the module where it exits (as the real exit would); `record` lets it go on.
 */
async function runMain(env: Record<string, string>, exit: 'throw' | 'record') {
  const base = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '', REDIS_URL: '' }
  for (const [name, value] of Object.entries({ ...base, ...env })) vi.stubEnv(name, value)
  const exits = vi.spyOn(process, 'exit').mockImplementation((code) => {
    if (exit === 'throw') throw new ProcessExit(code)
    return undefined as never
  })
  const before = Object.fromEntries(SIGNALS.map((s) => [s, process.listeners(s)]))
  vi.resetModules()
  try {
    await import('../src/main')
    return exits
  } finally {
    for (const signal of SIGNALS) {
      installed[signal] = (process.listeners(signal) as SignalHandler[]).filter(
        (handler) => !before[signal]?.includes(handler),
      )
    }
  }
}

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

describe('src/main.ts', () => {
  it('exits 1 with the configuration error, before starting anything', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(runMain({ PORT: 'abc' }, 'throw')).rejects.toEqual(new ProcessExit(1))
    expect(errors).toHaveBeenCalledWith(
      'Invalid configuration:\n  PORT: must be a whole number from 0 to 65535',
    )
    expect(installed.SIGTERM).toEqual([])
  })

  it('exits 1 when start-up fails (the database is unreachable)', async () => {
    const failed = runMain({ DATABASE_URL: 'postgres://inkwell@127.0.0.1:1/inkwell' }, 'throw')
    await expect(failed).rejects.toEqual(new ProcessExit(1))
    expect(installed.SIGTERM).toEqual([])
  })

  it('serves, then on SIGTERM stops and exits 0, ignoring a second signal meanwhile', async () => {
    const port = await freePort()
    const exits = await runMain(
      { DATABASE_URL: 'memory://', HOST: '127.0.0.1', PORT: String(port) },
      'record',
    )
    const url = `http://127.0.0.1:${port}`
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    await health.text()
    expect(installed.SIGTERM).toHaveLength(1)
    expect(installed.SIGINT).toHaveLength(1)

    installed.SIGTERM[0]?.('SIGTERM')
    installed.SIGINT[0]?.('SIGINT')
    await vi.waitFor(() => expect(exits).toHaveBeenCalled(), { timeout: 15_000 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(exits.mock.calls).toEqual([[0]])
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  }, 120_000)
})
