import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliFor } from './support/cli'
import {
  makeAdmin,
  register,
  startTestServer,
  type TestAccount,
  type TestServer,
} from './support/server'

let server: TestServer
let cli: ReturnType<typeof cliFor>
let admin: TestAccount
let ada: TestAccount
beforeAll(async () => {
  server = await startTestServer()
  cli = cliFor(server.url)
  admin = await register(server, 'Admin')
  await makeAdmin(server, admin)
  ada = await register(server, 'Ada')
})
afterAll(() => server.close())

const asAdmin = (args: string[]) => cli(args, { env: { INKWELL_TOKEN: admin.token } })

describe('inkwell admin users', () => {
  it('lists accounts as a table or JSON, and shows one by id or email', async () => {
    const table = await asAdmin(['admin', 'users', 'list'])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+STATUS\s+CREATED\n/)
    const list = JSON.parse(
      (await asAdmin(['admin', 'users', 'list', '--search', 'ada', '--json'])).stdout,
    )
    expect(list.map((u: { email: string }) => u.email)).toEqual([ada.email])

    const byEmail = await asAdmin(['admin', 'users', 'show', ada.email, '--json'])
    expect(JSON.parse(byEmail.stdout)).toMatchObject({
      id: ada.id,
      disabled: false,
      deletedAt: null,
    })
    const byId = await asAdmin(['admin', 'users', 'show', ada.id])
    expect(byId.stdout).toContain(`email:    ${ada.email}`)
  })

  it('exits 4 for an account that does not exist', async () => {
    expect((await asAdmin(['admin', 'users', 'show', crypto.randomUUID()])).code).toBe(4)
    expect((await asAdmin(['admin', 'users', 'show', 'nobody@example.com'])).code).toBe(4)
  })

  it('disables, enables, promotes and demotes; disabling ends the account’s credentials', async () => {
    const bea = await register(server, 'Bea')
    const apiToken = (
      await server.h.caller({ token: bea.token }).tokens.create({ name: 'x', scope: 'read' })
    ).token
    const run = async (action: string) => {
      const result = await asAdmin(['admin', 'users', action, bea.email, '--json'])
      expect(result.code).toBe(0)
      return JSON.parse(result.stdout)
    }
    expect(await run('disable')).toMatchObject({ disabled: true })
    for (const token of [bea.token, apiToken]) {
      expect((await cli(['whoami'], { env: { INKWELL_TOKEN: token } })).code).toBe(3)
    }
    expect(await run('enable')).toMatchObject({ disabled: false })
    expect(await run('promote')).toMatchObject({ role: 'admin' })
    expect(await run('demote')).toMatchObject({ role: 'user' })
  })

  it('deletes only with --yes when there is no terminal to ask on', async () => {
    const cat = await register(server, 'Cat')
    const unconfirmed = await asAdmin(['admin', 'users', 'delete', cat.id])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain('--yes')
    const deleted = await asAdmin(['admin', 'users', 'delete', cat.id, '--yes'])
    expect(deleted.code).toBe(0)
    const shown = JSON.parse((await asAdmin(['admin', 'users', 'show', cat.id, '--json'])).stdout)
    expect(shown.deletedAt).not.toBeNull()
  })

  it('refuses a non-admin with 403 FORBIDDEN (exit 1), and an admin demoting itself', async () => {
    const result = await cli(['admin', 'users', 'list'], { env: { INKWELL_TOKEN: ada.token } })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('inkwell: FORBIDDEN: Admins only\n')
    const self = await asAdmin(['admin', 'users', 'demote', admin.id])
    expect(self.code).toBe(1)
    expect(self.stderr).toMatch(/^inkwell: CANNOT_CHANGE_SELF: /)
  })
})
