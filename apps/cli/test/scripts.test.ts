import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { childEnv, collect, runCli, tempHome } from './support/cli'
import { register, startTestServer, type TestAccount, type TestServer } from './support/server'

let server: TestServer
let ada: TestAccount
let readToken: string
beforeAll(async () => {
  server = await startTestServer()
  ada = await register(server, 'Ada')
  const notes = server.h.caller({ token: ada.token }).notes
  await notes.create({ title: 'Fresh idea', tags: ['ideas'] })
  await notes.create({ title: 'Shopping', tags: ['home', 'errands'] })
  const old = await notes.create({ title: 'Old plan', tags: ['ideas'] })
  await notes.create({ title: 'Untagged' })
  await server.h.db.kysely
    .updateTable('notes')
    .set({ updated_at: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) })
    .where('id', '=', old.id)
    .execute()
  const created = await server.h
    .caller({ token: ada.token })
    .tokens.create({ name: 'scripts', scope: 'read' })
  readToken = created.token
})
afterAll(() => server.close())

/** Runs `pnpm tsx apps/cli/scripts/<name>.ts` from the root, as the README says to. */
function runScript(name: string, args: string[] = []) {
  const root = fileURLToPath(new URL('../../..', import.meta.url))
  return collect(
    spawn('pnpm', ['-s', 'tsx', `apps/cli/scripts/${name}.ts`, ...args], {
      cwd: root,
      env: childEnv(tempHome(), { INKWELL_URL: server.url, INKWELL_TOKEN: readToken }),
    }),
  )
}

it('weekly-digest lists the notes changed this week, with a read API token', async () => {
  const text = await runScript('weekly-digest')
  expect(text.stderr).toBe('')
  expect(text.code).toBe(0)
  expect(text.stdout).toMatch(/^# Notes changed since \d{4}-\d{2}-\d{2}\n/)
  expect(text.stdout).toContain('- **Fresh idea** (#ideas): new')
  expect(text.stdout).not.toContain('Old plan')

  const json = await runScript('weekly-digest', ['--days', '60', '--json'])
  const digest = JSON.parse(json.stdout)
  expect(digest.notes.map((n: { title: string }) => n.title).sort()).toEqual([
    'Fresh idea',
    'Old plan',
    'Shopping',
    'Untagged',
  ])
})

it('tag-report counts the tags and the untagged notes', async () => {
  const json = await runScript('tag-report', ['--json'])
  expect(json.code).toBe(0)
  expect(JSON.parse(json.stdout)).toEqual({
    total: 4,
    untagged: 1,
    tags: [
      { tag: 'ideas', count: 2 },
      { tag: 'errands', count: 1 },
      { tag: 'home', count: 1 },
    ],
  })
  const text = await runScript('tag-report')
  expect(text.stdout.split('\n')[0]).toBe('4 notes, 1 without a tag')
})

it('the CLI and the scripts agree: whoami with the same token', async () => {
  const result = await runCli(['whoami', '--json'], tempHome(), {
    env: { INKWELL_URL: server.url, INKWELL_TOKEN: readToken },
  })
  expect(JSON.parse(result.stdout).id).toBe(ada.id)
})
