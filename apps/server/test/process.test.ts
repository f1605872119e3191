import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// The process entry point, run the way `pnpm dev` / `pnpm start` run it: a child process.
const serverDir = fileURLToPath(new URL('..', import.meta.url))
const entry = ['--import', 'tsx', 'src/main.ts']
const baseEnv = { PATH: process.env.PATH ?? '' }

describe('src/main.ts with a bad environment', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, entry, {
      cwd: serverDir,
      env: { ...baseEnv, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    })

  it('exits with code 1 and one clear message on stderr', () => {
    const result = run({ PORT: 'abc' })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim()).toBe(
      'Invalid configuration:\n  PORT: must be a whole number from 0 to 65535',
    )
  })

  it('lists each bad variable, and nothing else', () => {
    const result = run({ DATABASE_URL: 'mysql://db', FIRST_ADMIN_EMAIL: 'root@inkwell.example' })
    expect(result.status).toBe(1)
    const lines = result.stderr.trim().split('\n')
    expect(lines[0]).toBe('Invalid configuration:')
    expect(
      lines
        .slice(1)
        .map((l) => l.trim().split(':')[0])
        .sort(),
    ).toEqual(['DATABASE_URL', 'FIRST_ADMIN_PASSWORD'])
  })
})

describe('src/main.ts running', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-main-test-'))
  let child: ChildProcess | undefined
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves, and stops cleanly with exit code 0 on SIGTERM', async () => {
    child = spawn(process.execPath, entry, {
      cwd: serverDir,
      env: {
        ...baseEnv,
        DATABASE_URL: 'memory://',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on('data', (chunk) => {
        stdout += chunk
        const listening = stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { msg: string; url?: string })
          .find((line) => line.msg === 'listening')
        if (listening?.url) resolve(listening.url)
      })
      void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)))
    })

    const res = await fetch(`${url}/healthz`)
    expect(res.status).toBe(200)
    await res.text()

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const messages = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
    expect(messages).toEqual(expect.arrayContaining(['listening', 'shutting down', 'stopped']))
    expect(stderr).toBe('')
  }, 60_000)
})
