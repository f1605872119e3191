import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hashPassword } from '@inkwell/auth'
import { createDb, migrate } from '@inkwell/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// FIRST_ADMIN_EMAIL names an address someone may have registered already. That account is
// promoted only if its email is verified and FIRST_ADMIN_PASSWORD is its password; otherwise
// the server refuses to start, with a clear message and exit code 1. Run as `pnpm start`
// runs it: a child process, on the embedded database in DATA_DIR.

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const entry = ['--import', 'tsx', 'src/main.ts']
const ROOT = { email: 'root@inkwell.example', password: 'the root passphrase' }

const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-first-admin-test-'))
const env = (password: string) => ({
  PATH: process.env.PATH ?? '',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  FIRST_ADMIN_EMAIL: ROOT.email,
  FIRST_ADMIN_PASSWORD: password,
})

/** Opens the server's own database directory (only while no server has it open). */
async function withDatabase(work: (db: ReturnType<typeof createDb>) => Promise<void>) {
  const db = createDb(undefined, { dataDir: join(dataDir, 'pglite') })
  try {
    await work(db)
  } finally {
    await db.close()
  }
}

const start = (password: string) =>
  spawnSync(process.execPath, entry, {
    cwd: serverDir,
    env: env(password),
    encoding: 'utf8',
    timeout: 90_000,
  })

beforeAll(async () => {
  // Someone registered the address before the operator configured it, and never verified it.
  await withDatabase(async (db) => {
    await migrate(db.kysely)
    await db.kysely
      .insertInto('users')
      .values({
        email: ROOT.email,
        name: 'Early',
        password_hash: await hashPassword(ROOT.password),
      })
      .execute()
  })
}, 120_000)
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function role(): Promise<string | undefined> {
  let found: string | undefined
  await withDatabase(async (db) => {
    const row = await db.kysely
      .selectFrom('users')
      .select('role')
      .where('email', '=', ROOT.email)
      .executeTakeFirst()
    found = row?.role
  })
  return found
}

describe('FIRST_ADMIN_EMAIL naming an existing account', () => {
  it('refuses to start while its email is not verified, even with its password', async () => {
    const result = start(ROOT.password)
    expect(result.status).toBe(1)
    expect(result.stderr.trim()).toBe(
      `Cannot make ${ROOT.email} the first admin (FIRST_ADMIN_EMAIL): an account with this email exists, but its email is not verified: verify it, or choose another email`,
    )
    expect(await role()).toBe('user')
  }, 120_000)

  // The other refusals (a wrong FIRST_ADMIN_PASSWORD, a disabled or deleted account) take the
  // same path out; packages/api test/admin-first-admin.test.ts checks each rule.
  it('promotes it once verified, with its own password, then serves', async () => {
    await withDatabase(async (db) => {
      await db.kysely.updateTable('users').set({ email_verified_at: new Date() }).execute()
    })
    const child = spawn(process.execPath, entry, {
      cwd: serverDir,
      env: env(ROOT.password),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      const lines = await new Promise<{ msg: string; outcome?: string }[]>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk
          const parsed = stdout
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { msg: string; outcome?: string })
          if (parsed.some((line) => line.msg === 'listening')) resolve(parsed)
        })
        void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)))
      })
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'first admin ready', outcome: 'promoted' }),
      )
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'security event', event: 'admin.promoted' }),
      )
      expect(stdout).not.toContain(ROOT.password)
    } finally {
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
    expect(await role()).toBe('admin')
  }, 120_000)
})
