import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RouterOutputs } from '@inkwell/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, childEnv, cliFor, collect, spawnCli } from './support/cli'
import { register, startTestServer, type TestAccount, type TestServer } from './support/server'

let server: TestServer
let cli: ReturnType<typeof cliFor>
beforeAll(async () => {
  server = await startTestServer()
  cli = cliFor(server.url)
})
afterAll(() => server.close())

type Note = RouterOutputs['notes']['get']

const as = (account: TestAccount) => (args: string[]) =>
  cli(args, { env: { INKWELL_TOKEN: account.token } })

async function allNotes(account: TestAccount): Promise<Note[]> {
  const page = await server.h.caller({ token: account.token }).notes.list({ limit: 100 })
  return page.items
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(cli.home, 'notes-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** `{created, updated, unchanged, failed}` of an import run with --json. */
async function importJson(account: TestAccount, path: string) {
  const result = await as(account)(['notes', 'import', path, '--json'])
  expect(result.stderr).not.toContain('inkwell:')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as {
    created: number
    updated: number
    unchanged: number
    failed: unknown[]
  }
}

describe('inkwell notes import', () => {
  it('reads Markdown with front matter, with only a heading, and with neither', async () => {
    const ada = await register(server, 'Ada')
    const dir = folder({
      'front-matter.md':
        '---\ntitle: From the front matter\ntags: [Work, ideas]\n---\n# Not the title\n\nbody\n',
      'heading.md': 'Some preamble\n\n# The heading title\n\ntext\n',
      'nested/neither.md': 'no title anywhere\n',
      'ignored.txt': 'not a note',
    })
    expect(await importJson(ada, dir)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [] })
    const byTitle = Object.fromEntries((await allNotes(ada)).map((n) => [n.title, n]))
    expect(Object.keys(byTitle).sort()).toEqual([
      'From the front matter',
      'The heading title',
      'neither',
    ])
    expect(byTitle['From the front matter']).toMatchObject({
      content: '# Not the title\n\nbody\n',
      tags: ['work', 'ideas'],
    })
    expect(byTitle['The heading title']?.content).toBe(
      'Some preamble\n\n# The heading title\n\ntext\n',
    )
    expect(byTitle.neither?.content).toBe('no title anywhere\n')

    // Again: nothing new; then one file edited: only that note changes.
    expect(await importJson(ada, dir)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [] })
    writeFileSync(join(dir, 'heading.md'), 'Some preamble\n\n# The heading title\n\nedited\n')
    expect(await importJson(ada, dir)).toEqual({ created: 0, updated: 1, unchanged: 2, failed: [] })
    expect((await allNotes(ada)).find((n) => n.title === 'The heading title')?.version).toBe(2)
  })

  it('reads JSON Lines, and reports the lines it cannot use while importing the rest', async () => {
    const ada = await register(server, 'Ada')
    const id = crypto.randomUUID()
    const dir = folder({
      'notes.jsonl': [
        JSON.stringify({ id, title: 'One', content: 'first', tags: ['a'] }),
        '',
        JSON.stringify({ content: '# Two\n\nsecond' }),
        'not json',
        JSON.stringify({ title: 'x'.repeat(10), content: 'y'.repeat(100_001) }),
      ].join('\n'),
    })
    const result = await as(ada)(['notes', 'import', join(dir, 'notes.jsonl'), '--json'])
    expect(result.code).toBe(1)
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({ created: 2, updated: 0, unchanged: 0 })
    expect(summary.failed.map((f: { location: string }) => f.location).sort()).toEqual([
      'notes.jsonl:4',
      'notes.jsonl:5',
    ])
    expect(result.stderr).toContain('IMPORT_INCOMPLETE')
    const notes = await allNotes(ada)
    expect(notes.find((n) => n.title === 'One')?.id).toBe(id)
    expect(notes.find((n) => n.title === 'Two')?.content).toBe('# Two\n\nsecond')
  })
})

describe('export, then import', () => {
  it('exports Markdown files with front matter; a re-import creates nothing; another account gets its own copies, also idempotently', async () => {
    const ada = await register(server, 'Ada')
    const bob = await register(server, 'Bob')
    const notes = server.h.caller({ token: ada.token }).notes
    await notes.create({ title: 'Groceries', content: 'oat milk', tags: ['home'] })
    await notes.create({ title: 'Plan: Q3 / Q4?', content: '---\nnot front matter\n---\n' })
    await notes.create({ title: 'Empty' })
    const trashed = await notes.create({ title: 'Trashed' })
    await notes.delete({ id: trashed.id })

    const out = join(cli.home, 'export-md')
    const exported = await as(ada)(['notes', 'export', out, '--json'])
    expect(exported.code).toBe(0)
    expect(JSON.parse(exported.stdout)).toEqual({ exported: 3, dir: out, format: 'md' })
    const files = readdirSync(out).sort()
    expect(files).toHaveLength(3)
    expect(files.every((f) => /^[a-z0-9-]+-[0-9a-f]{8}\.md$/.test(f))).toBe(true)
    const groceries = (await allNotes(ada)).find((n) => n.title === 'Groceries')!
    expect(readFileSync(join(out, `groceries-${groceries.id.slice(0, 8)}.md`), 'utf8')).toBe(
      `---\nid: ${groceries.id}\ntitle: Groceries\ntags:\n  - home\ncreatedAt: ${groceries.createdAt}\nupdatedAt: ${groceries.updatedAt}\n---\noat milk`,
    )

    expect(await importJson(ada, out)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [] })
    expect(await allNotes(ada)).toHaveLength(3)

    expect(await importJson(bob, out)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [] })
    expect(await importJson(bob, out)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [] })
    const adas = await allNotes(ada)
    const bobs = await allNotes(bob)
    expect(bobs.map((n) => [n.title, n.content, n.tags]).sort()).toEqual(
      adas.map((n) => [n.title, n.content, n.tags]).sort(),
    )
    // Bob's are new notes, never Ada's ids, and Ada's are untouched.
    expect(bobs.some((n) => adas.some((a) => a.id === n.id))).toBe(false)
    expect(adas.every((n) => n.version === 1)).toBe(true)
  })

  it('exports JSON Lines that import back', async () => {
    const ada = await register(server, 'Ada')
    const bob = await register(server, 'Bob')
    await server.h
      .caller({ token: ada.token })
      .notes.create({ title: 'Line', content: 'a\nb', tags: ['t'] })
    const out = join(cli.home, 'export-jsonl')
    expect((await as(ada)(['notes', 'export', out, '--format', 'jsonl'])).code).toBe(0)
    const lines = readFileSync(join(out, 'notes.jsonl'), 'utf8').trim().split('\n')
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { title: 'Line', content: 'a\nb', tags: ['t'] },
    ])
    expect(await importJson(ada, out)).toEqual({ created: 0, updated: 0, unchanged: 1, failed: [] })
    expect(await importJson(bob, out)).toEqual({ created: 1, updated: 0, unchanged: 0, failed: [] })
  })

  it('resumes an interrupted import: a second run creates only what the first did not', async () => {
    const ada = await register(server, 'Ada')
    const files: Record<string, string> = {}
    for (let i = 0; i < 40; i++)
      files[`note-${String(i).padStart(2, '0')}.md`] = `# Note ${i}\n\nbody ${i}\n`
    const dir = folder(files)

    const child = spawnCli(['notes', 'import', dir], cli.home, {
      env: { INKWELL_URL: server.url, INKWELL_TOKEN: ada.token },
    })
    const done = collect(child)
    // Plain progress lines on stderr (it is not a terminal): stop it after a few notes.
    await new Promise<void>((resolve) => {
      let created = 0
      child.stderr?.on('data', (chunk: Buffer) => {
        created += String(chunk)
          .split('\n')
          .filter((line) => line.startsWith('created ')).length
        if (created >= 3) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.once('close', () => resolve())
    })
    await done
    const before = (await allNotes(ada)).length
    expect(before).toBeGreaterThanOrEqual(3)
    expect(before).toBeLessThan(40)

    const resumed = await importJson(ada, dir)
    expect(resumed).toEqual({ created: 40 - before, updated: 0, unchanged: before, failed: [] })
    const titles = (await allNotes(ada)).map((n) => n.title)
    expect(new Set(titles).size).toBe(40)
  })

  it.skipIf(!existsSync('/usr/bin/script'))(
    'shows a progress bar on a terminal, and plain lines otherwise',
    async () => {
      const ada = await register(server, 'Ada')
      for (const title of ['One', 'Two']) {
        await server.h.caller({ token: ada.token }).notes.create({ title })
      }
      const out = join(cli.home, 'export-tty')
      const command = `stty cols 100 rows 30; exec "${process.execPath}" "${BIN}" notes export ${out}`
      const onTerminal = await collect(
        spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
          env: childEnv(cli.home, { INKWELL_URL: server.url, INKWELL_TOKEN: ada.token }),
        }),
      )
      expect(onTerminal.code).toBe(0)
      expect(onTerminal.stdout).toMatch(/Exporting \[[█░]+\] 2\/2/)
      expect(onTerminal.stdout).not.toContain('exported ')

      const piped = await as(ada)(['notes', 'export', out])
      expect(piped.stderr.split('\n').filter((line) => line.startsWith('exported '))).toHaveLength(
        2,
      )
      expect(piped.stderr).not.toContain('Exporting [')
    },
  )

  it('takes paths from the directory `pnpm inkwell` was typed in', async () => {
    const ada = await register(server, 'Ada')
    await server.h.caller({ token: ada.token }).notes.create({ title: 'Here' })
    // A folder below the repository root that is not a package (a package's own folder runs
    // that package's scripts): pnpm runs the script from the root, the path means this folder.
    const cwd = fileURLToPath(
      new URL(`../../../test-output/cli-cwd-${crypto.randomUUID()}/`, import.meta.url),
    )
    mkdirSync(cwd, { recursive: true })
    try {
      const result = await collect(
        spawn('pnpm', ['-s', 'inkwell', 'notes', 'export', 'exported'], {
          cwd,
          env: childEnv(cli.home, { INKWELL_URL: server.url, INKWELL_TOKEN: ada.token }),
        }),
      )
      expect(result).toMatchObject({ code: 0, stdout: '' })
      expect(readdirSync(join(cwd, 'exported'))).toHaveLength(1)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })
})
