import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliFor } from './support/cli'
import { register, startTestServer, type TestAccount, type TestServer } from './support/server'

let server: TestServer
let ada: TestAccount
let cli: ReturnType<typeof cliFor>
beforeAll(async () => {
  server = await startTestServer()
  ada = await register(server, 'Ada')
  cli = cliFor(server.url)
})
afterAll(() => server.close())

const asAda = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  cli(args, { ...options, env: { INKWELL_TOKEN: ada.token, ...options.env } })
const notesOf = (account: TestAccount) => server.h.caller({ token: account.token }).notes

describe('inkwell notes create, get, list', () => {
  it('creates from stdin and from --file, and prints the id', async () => {
    const piped = await asAda(
      ['notes', 'create', '--title', 'Groceries', '--tag', 'Home', '--tag', 'errands'],
      {
        input: 'oat milk, lemons',
      },
    )
    expect(piped.code).toBe(0)
    const id = piped.stdout.trim()
    expect(await notesOf(ada).get({ id })).toMatchObject({
      title: 'Groceries',
      content: 'oat milk, lemons',
      tags: ['home', 'errands'],
    })

    mkdirSync(join(cli.home, 'drafts'), { recursive: true })
    writeFileSync(join(cli.home, 'drafts', 'plan.md'), '# Plan\n\n1. ship')
    const fromFile = await asAda([
      'notes',
      'create',
      '--title',
      'Plan',
      '--file',
      'drafts/plan.md',
      '--json',
    ])
    expect(fromFile.code).toBe(0)
    expect(JSON.parse(fromFile.stdout)).toMatchObject({
      title: 'Plan',
      content: '# Plan\n\n1. ship',
      version: 1,
    })
  })

  it('gets a note as Markdown with front matter, or as JSON', async () => {
    const note = await notesOf(ada).create({ title: 'Read me', content: 'hello', tags: ['x'] })
    const text = await asAda(['notes', 'get', note.id])
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(
      `---\nid: ${note.id}\ntitle: Read me\ntags:\n  - x\ncreatedAt: ${note.createdAt}\nupdatedAt: ${note.updatedAt}\n---\nhello\n`,
    )
    const json = await asAda(['notes', 'get', note.id, '--json'])
    expect(JSON.parse(json.stdout)).toEqual(note)
  })

  it('exits 4 for a note that does not exist, or is someone else’s', async () => {
    const bob = await register(server, 'Bob')
    const bobs = await notesOf(bob).create({ title: "Bob's" })
    for (const id of [crypto.randomUUID(), bobs.id]) {
      const result = await asAda(['notes', 'get', id])
      expect(result.code).toBe(4)
      expect(result.stderr).toBe('inkwell: NOTE_NOT_FOUND: No such note\n')
      expect(result.stdout).toBe('')
    }
  })

  it('exits 1 with the app code and the field messages when the server refuses the input', async () => {
    const result = await asAda(['notes', 'create', '--title', 'x'.repeat(201)])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^inkwell: VALIDATION_FAILED: .*\(title: A title has at most 200 characters\)\n$/,
    )
  })

  it('lists as a table or as a JSON array, filtered, limited or all of them', async () => {
    const bea = await register(server, 'Bea')
    for (let i = 0; i < 105; i++) {
      await notesOf(bea).create({ title: `note ${i}`, tags: i % 10 === 0 ? ['tenth'] : [] })
    }
    await notesOf(bea).create({ title: 'Needle', content: 'a haystack with a needle' })
    const asBea = (args: string[]) => cli(args, { env: { INKWELL_TOKEN: bea.token } })

    const table = await asBea(['notes', 'list', '--limit', '3'])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+UPDATED\s+TITLE\s+TAGS$/)
    expect(table.stdout.trim().split('\n')).toHaveLength(4)

    const parse = async (args: string[]) => {
      const result = await asBea(['notes', 'list', ...args, '--json'])
      expect(result.code).toBe(0)
      return JSON.parse(result.stdout) as { title: string }[]
    }
    expect(await parse([])).toHaveLength(20)
    expect(await parse(['--limit', '150'])).toHaveLength(106)
    expect(await parse(['--all'])).toHaveLength(106)
    expect((await parse(['--tag', 'tenth'])).map((n) => n.title).sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => `note ${i * 10}`).sort(),
    )
    expect((await parse(['--search', 'needle'])).map((n) => n.title)).toEqual(['Needle'])
    expect(await parse(['--trashed'])).toEqual([])
  })
})

describe('inkwell notes rm and restore', () => {
  it('moves a note to the trash and back', async () => {
    const note = await notesOf(ada).create({ title: 'Trash me' })
    const rm = await asAda(['notes', 'rm', note.id])
    expect(rm).toMatchObject({ code: 0, stdout: '' })
    expect(rm.stderr).toContain('Moved to the trash: "Trash me"')
    const trashed = JSON.parse((await asAda(['notes', 'list', '--trashed', '--json'])).stdout)
    expect(trashed.map((n: { id: string }) => n.id)).toContain(note.id)
    const restore = await asAda(['notes', 'restore', note.id, '--json'])
    expect(JSON.parse(restore.stdout)).toMatchObject({ id: note.id, deletedAt: null })
  })
})

describe('inkwell notes edit', () => {
  /** An $EDITOR that runs `script` (a Node one-liner over the file path in argv[1]). */
  function editor(name: string, script: string): string {
    const path = join(cli.home, `${name}.mjs`)
    writeFileSync(path, `#!/usr/bin/env node\n${script}\n`)
    chmodSync(path, 0o755)
    return `${process.execPath} ${path}`
  }

  it('saves what the editor changed: title and tags in the front matter, the content below', async () => {
    const note = await notesOf(ada).create({ title: 'Draft', content: 'first line', tags: ['a'] })
    const EDITOR = editor(
      'edit-all',
      `import { readFileSync, writeFileSync } from 'node:fs'
const file = process.argv[2]
const text = readFileSync(file, 'utf8').replace('title: Draft', 'title: Final').replace('  - a', '  - a\\n  - b')
writeFileSync(file, text + '\\nsecond line')`,
    )
    const result = await asAda(['notes', 'edit', note.id], { env: { EDITOR } })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('Saved "Final" (version 2)')
    expect(await notesOf(ada).get({ id: note.id })).toMatchObject({
      title: 'Final',
      content: 'first line\nsecond line',
      tags: ['a', 'b'],
      version: 2,
    })
  })

  it('saves nothing when nothing changed', async () => {
    const note = await notesOf(ada).create({ title: 'Same' })
    const result = await asAda(['notes', 'edit', note.id], { env: { EDITOR: 'true' } })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('No changes')
    expect((await notesOf(ada).get({ id: note.id })).version).toBe(1)
  })

  it('exits 5 and keeps the edit when the note changed on the server meanwhile', async () => {
    const note = await notesOf(ada).create({ title: 'Contested', content: 'v1' })
    // The editor saves its change while "someone else" (a direct API call) edits the note.
    const EDITOR = editor(
      'edit-race',
      `import { appendFileSync } from 'node:fs'
appendFileSync(process.argv[2], ' from the editor')
await fetch(process.env.INKWELL_URL + '/trpc/notes.update', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.INKWELL_TOKEN },
  body: JSON.stringify({ id: '${note.id}', version: 1, content: 'from elsewhere' }),
})`,
    )
    const result = await asAda(['notes', 'edit', note.id], { env: { EDITOR } })
    expect(result.code).toBe(5)
    const kept = /^inkwell: VERSION_CONFLICT: .*nothing was overwritten.*kept in (\S+)\n$/.exec(
      result.stderr,
    )?.[1]
    expect(readFileSync(kept ?? '', 'utf8')).toMatch(/\nv1 from the editor$/)
    expect(await notesOf(ada).get({ id: note.id })).toMatchObject({
      content: 'from elsewhere',
      version: 2,
    })
  })

  it('saves nothing when the editor fails', async () => {
    const note = await notesOf(ada).create({ title: 'Crash' })
    const result = await asAda(['notes', 'edit', note.id], { env: { EDITOR: 'false' } })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('EDITOR_FAILED')
    expect((await notesOf(ada).get({ id: note.id })).version).toBe(1)
  })
})
