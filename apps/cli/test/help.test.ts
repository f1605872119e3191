import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { createProgram } from '../src/program'
import { run } from '../src/run'
import { childEnv, collect, runCli, tempHome } from './support/cli'
import { memoryIo } from './support/memory-io'

/** Every command path of the program: ['notes', 'list'], ['admin', 'users', 'show'], … */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()]
    return [path, ...commandPaths(sub, path)]
  })
}

const paths = commandPaths(createProgram({ io: memoryIo().io, url: undefined }))

describe('--help', () => {
  it('covers the commands the issue lists', () => {
    const names = paths.map((path) => path.join(' '))
    for (const expected of [
      'login',
      'logout',
      'whoami',
      'notes list',
      'notes get',
      'notes create',
      'notes edit',
      'notes rm',
      'notes restore',
      'notes export',
      'notes import',
      'tokens create',
      'tokens list',
      'tokens revoke',
      ...['list', 'show', 'disable', 'enable', 'promote', 'demote', 'delete'].map(
        (sub) => `admin users ${sub}`,
      ),
    ]) {
      expect(names).toContain(expected)
    }
  })

  it.each(paths.map((path) => [path.join(' '), path]))(
    '`inkwell %s --help` prints usage and a description, and exits 0',
    async (_name, path) => {
      const { io, stdout, stderr } = memoryIo()
      expect(await run([...(path as string[]), '--help'], io)).toBe(0)
      expect(stdout()).toMatch(new RegExp(`^Usage: inkwell ${(path as string[]).join(' ')}`))
      expect(stdout().split('\n')[2]?.length).toBeGreaterThan(8)
      expect(stdout()).toContain('--help')
      expect(stderr()).toBe('')
    },
  )

  it('documents the global options, the environment and the exit codes', async () => {
    const { io, stdout } = memoryIo()
    expect(await run(['--help'], io)).toBe(0)
    for (const text of ['--url', 'INKWELL_URL', '--token', 'INKWELL_TOKEN', 'Exit codes: 0 ok']) {
      expect(stdout()).toContain(text)
    }
  })

  it.each([
    ['the built bin', false],
    ['the source through tsx', true],
  ])('works as a child process (%s) with no server anywhere', async (_how, fromSource) => {
    const result = await runCli(['--help'], tempHome(), {
      env: { INKWELL_URL: 'http://127.0.0.1:9' },
      fromSource,
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: inkwell')
    expect(result.stderr).toBe('')
  })

  it('runs as `pnpm -s inkwell` from the repository root, quietly', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url))
    const result = await collect(
      spawn('pnpm', ['-s', 'inkwell', '--version'], { cwd: root, env: childEnv(tempHome()) }),
    )
    expect(result).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' })
  })
})

describe('usage errors exit 2', () => {
  it.each([
    [['nonsense']],
    [['notes', 'list', '--limit', 'lots']],
    [['notes', 'list', '--limit', '5', '--all']],
    [['notes', 'get']],
    [['notes', 'get', 'not-an-id']],
    [['notes', 'export', 'out', '--format', 'pdf']],
    [['tokens', 'create', '--name', 'x', '--scope', 'admin']],
    [['login']],
    [['--url', 'not a url', 'whoami']],
  ])('inkwell %j', async (args) => {
    const { io, stderr } = memoryIo()
    expect(await run(args, io)).toBe(2)
    expect(stderr()).not.toMatch(/\n\s+at /)
  })
})

it('loads no server code: the bundle of the CLI holds nothing from the API, database or auth', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/main.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  })
  const inputs = Object.keys(result.metafile.inputs)
  // @trpc/client shares runtime helpers with @trpc/server's package (observables, error
  // shapes); what must never be here is our server: the API, its database and its auth.
  expect(inputs.some((path) => path.includes('packages/client/src'))).toBe(true)
  expect(inputs.some((path) => path.includes('@trpc/client'))).toBe(true)
  const serverCode = inputs.filter((path) =>
    /kysely|[/\\]pg[/\\]|argon2|pglite|ioredis|nodemailer|hono|zod|packages[/\\](api|db|auth|mail)[/\\]|apps[/\\]server/.test(
      path,
    ),
  )
  expect(serverCode).toEqual([])
})
