import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCaller, createContext, requestMeta } from '@inkwell/api'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/logger'
import { openServerResources } from '../src/server-resources'

// `pnpm db:migrate` and `pnpm db:seed` with no DATABASE_URL: the embedded database kept under
// DATA_DIR, as on a developer's machine. The scripts run in this process (imported afresh),
// reading the environment as they do when pnpm runs them.
const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-db-scripts-'))
const env = { DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', SMTP_URL: '' }
const DEMO = { email: 'demo@inkwell.local', password: 'inkwell-demo-passphrase' }

beforeAll(() => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
})
afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Runs `src/<script>.ts` as a fresh module; returns what it printed with console.log. */
async function run(script: 'migrate' | 'seed'): Promise<string[]> {
  const printed: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    printed.push(String(line))
  })
  try {
    vi.resetModules()
    await (script === 'migrate' ? import('../src/migrate') : import('../src/seed'))
    return printed
  } finally {
    log.mockRestore()
  }
}

/** The server's resources over the same data directory, for looking at what a script did. */
async function withServerResources<T>(
  use: (resources: ReturnType<typeof openServerResources>) => Promise<T>,
): Promise<T> {
  const resources = openServerResources(loadConfig({ DATA_DIR: dataDir }), createLogger('silent'))
  try {
    return await use(resources)
  } finally {
    await resources.close()
  }
}

describe('pnpm db:migrate', () => {
  it('applies each migration and names it, then finds nothing left to do', async () => {
    const printed = await run('migrate')
    const applied = await withServerResources(async ({ db }) =>
      (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
          db.kysely,
        )
      ).rows.map((row) => row.name),
    )
    expect(applied.slice(0, 2)).toEqual(['0001-accounts', '0002-notes'])
    expect(printed).toEqual(applied.map((name) => `success: ${name}`))
    expect(await run('migrate')).toEqual(['already up to date'])
  }, 180_000)

  it('exits with code 1 and the configuration error when the environment is bad', () => {
    const serverDir = fileURLToPath(new URL('..', import.meta.url))
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/migrate.ts'], {
      cwd: serverDir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'mysql://db', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim()).toBe(
      'Invalid configuration:\n  DATABASE_URL: must be postgres://…, memory:// or unset',
    )
  }, 90_000)
})

describe('pnpm db:seed', () => {
  it('creates the demo account with 300 notes, some trashed, that can sign in', async () => {
    expect(await run('seed')).toEqual([`Seeded 300 notes for ${DEMO.email} / ${DEMO.password}`])

    await withServerResources(async ({ api }) => {
      const anonymous = createCaller(createContext({ deps: api, req: requestMeta({}) }))
      const { session } = await anonymous.auth.login(DEMO)
      const me = createCaller(
        createContext({
          deps: api,
          req: requestMeta({ authorization: `Bearer ${session.token}` }),
        }),
      )
      expect(await me.users.me()).toMatchObject({ email: DEMO.email, name: 'Demo User' })

      // Every 25th note is in the trash: 12 of 300.
      const changes = await me.notes.changes({ limit: 500 })
      expect(changes.hasMore).toBe(false)
      expect(changes.changes).toHaveLength(300)
      expect(changes.changes.filter((note) => note.deletedAt !== null)).toHaveLength(12)

      const tags = await me.notes.tags()
      expect(tags.map((t) => t.tag).sort()).toEqual(
        [
          'finance',
          'garden',
          'health',
          'ideas',
          'journal',
          'music',
          'reading',
          'recipes',
          'travel',
          'work',
        ].sort(),
      )
    })
  }, 180_000)

  it('adds nothing when run again, and says the account exists', async () => {
    expect(await run('seed')).toEqual([
      `The demo account exists already: ${DEMO.email} / ${DEMO.password}`,
    ])
    await withServerResources(async ({ db }) => {
      const notes = await db.kysely
        .selectFrom('notes')
        .innerJoin('users', 'users.id', 'notes.user_id')
        .where('users.email', '=', DEMO.email)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(notes.n)).toBe(300)
    })
  }, 120_000)
})
