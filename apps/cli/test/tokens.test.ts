import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliFor } from './support/cli'
import { register, startTestServer, type TestAccount, type TestServer } from './support/server'

let server: TestServer
let cli: ReturnType<typeof cliFor>
let ada: TestAccount
beforeAll(async () => {
  server = await startTestServer()
  cli = cliFor(server.url)
  ada = await register(server, 'Ada')
})
afterAll(() => server.close())

const withToken = (token: string) => (args: string[], input?: string) =>
  cli(args, { env: { INKWELL_TOKEN: token }, ...(input !== undefined ? { input } : {}) })

async function createToken(account: TestAccount, scope: 'read' | 'write', name = `${scope} token`) {
  const result = await withToken(account.token)([
    'tokens',
    'create',
    '--name',
    name,
    '--scope',
    scope,
    '--json',
  ])
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as {
    token: string
    apiToken: { id: string; name: string; scope: string }
  }
}

describe('inkwell tokens', () => {
  it('creates a token: --json prints {token, apiToken}, plain prints the token on stdout only', async () => {
    const created = await createToken(ada, 'read', 'ci')
    expect(Object.keys(created).sort()).toEqual(['apiToken', 'token'])
    expect(created.token).toMatch(/^ink_/)
    expect(created.apiToken).toMatchObject({ name: 'ci', scope: 'read', lastUsedAt: null })

    const plain = await withToken(ada.token)([
      'tokens',
      'create',
      '--name',
      'plain',
      '--scope',
      'write',
      '--expires-in-days',
      '7',
    ])
    expect(plain.code).toBe(0)
    expect(plain.stdout).toMatch(/^ink_[a-z2-7]{32}\n$/)
    expect(plain.stderr).toContain('not shown again')
  })

  it('lists and revokes; a revoked token exits 3 from then on', async () => {
    const bea = await register(server, 'Bea')
    const { token, apiToken } = await createToken(bea, 'write', 'short-lived')
    const list = await withToken(bea.token)(['tokens', 'list', '--json'])
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: apiToken.id, name: 'short-lived' }])
    const table = await withToken(bea.token)(['tokens', 'list'])
    expect(table.stdout).toMatch(/^ID\s+NAME\s+SCOPE\s+LAST USED\s+EXPIRES\n/)

    expect((await withToken(token)(['whoami'])).code).toBe(0)
    const revoke = await withToken(bea.token)(['tokens', 'revoke', apiToken.id])
    expect(revoke.code).toBe(0)
    expect((await withToken(token)(['whoami'])).code).toBe(3)
    const again = await withToken(bea.token)(['tokens', 'revoke', apiToken.id])
    expect(again.code).toBe(4)
    expect(again.stderr).toBe('inkwell: TOKEN_NOT_FOUND: No such API token\n')
  })

  it('lets a read token list notes but not create them (exit 1, INSUFFICIENT_SCOPE)', async () => {
    await server.h.caller({ token: ada.token }).notes.create({ title: 'Readable' })
    const { token } = await createToken(ada, 'read')
    const list = await withToken(token)(['notes', 'list', '--json'])
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout).map((n: { title: string }) => n.title)).toContain('Readable')
    const create = await withToken(token)(['notes', 'create', '--title', 'Nope'], 'body')
    expect(create.code).toBe(1)
    expect(create.stderr).toBe('inkwell: INSUFFICIENT_SCOPE: This API token may only read\n')
  })

  it('refuses to manage tokens with a token: exit 3, SESSION_REQUIRED', async () => {
    const { token } = await createToken(ada, 'write')
    const result = await withToken(token)(['tokens', 'list'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^inkwell: SESSION_REQUIRED: /)
  })
})

describe('scripting with API tokens', () => {
  it('exports every note with a read token and imports them into another account with a write token', async () => {
    const cat = await register(server, 'Cat')
    const dan = await register(server, 'Dan')
    const notes = server.h.caller({ token: cat.token }).notes
    for (const title of ['Alpha', 'Beta', 'Gamma'])
      await notes.create({ title, content: `${title}!`, tags: ['greek'] })
    const reader = (await createToken(cat, 'read')).token
    const writer = (await createToken(dan, 'write')).token

    const out = join(cli.home, 'cat-export')
    expect((await withToken(reader)(['notes', 'export', out])).code).toBe(0)
    expect(readdirSync(out)).toHaveLength(3)
    const first = await withToken(writer)(['notes', 'import', out, '--json'])
    expect(JSON.parse(first.stdout)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: [] })
    const second = await withToken(writer)(['notes', 'import', out, '--json'])
    expect(JSON.parse(second.stdout)).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [] })
    const dans = await server.h.caller({ token: dan.token }).notes.list()
    expect(dans.items.map((n) => n.title).sort()).toEqual(['Alpha', 'Beta', 'Gamma'])
  })
})
