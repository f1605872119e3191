import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, childEnv, cliFor, tempHome } from './support/cli'
import {
  PASSWORD,
  register,
  startTestServer,
  type TestAccount,
  type TestServer,
} from './support/server'

let server: TestServer
let ada: TestAccount
beforeAll(async () => {
  server = await startTestServer()
  ada = await register(server, 'Ada')
})
afterAll(() => server.close())

const configOf = (home: string) => join(home, 'config', 'inkwell', 'config.json')

describe('inkwell login', () => {
  it('reads the password from stdin, stores the session token (never the password) with mode 0600', async () => {
    const cli = cliFor(server.url)
    const login = await cli(['login', '--email', ada.email, '--password-stdin'], {
      input: `${PASSWORD}\n`,
    })
    expect(login).toMatchObject({ code: 0, stdout: '' })
    expect(login.stderr).toContain(`Logged in to ${server.url} as ${ada.email}`)
    expect(login.stderr + login.stdout).not.toContain(PASSWORD)

    const path = configOf(cli.home)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(cli.home, 'config', 'inkwell')).mode & 0o777).toBe(0o700)
    const stored = JSON.parse(readFileSync(path, 'utf8'))
    expect(stored).toEqual({
      url: server.url,
      token: expect.stringMatching(/^[a-z2-7]{32}$/),
      email: ada.email,
      expiresAt: expect.any(String),
    })
    expect(readFileSync(path, 'utf8')).not.toContain(PASSWORD)

    const whoami = await cli(['whoami'])
    expect(whoami).toMatchObject({ code: 0, stderr: '' })
    expect(whoami.stdout).toContain(`Ada <${ada.email}> (user), through a session`)

    const json = await cli(['whoami', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ id: ada.id, email: ada.email, role: 'user' })
  })

  it('prints only JSON with --json', async () => {
    const cli = cliFor(server.url)
    const login = await cli(['login', '--email', ada.email, '--password-stdin', '--json'], {
      input: PASSWORD,
    })
    expect(login.code).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({
      user: { id: ada.id },
      expiresAt: expect.any(String),
    })
  })

  it('exits 3 on a wrong password and stores nothing', async () => {
    const cli = cliFor(server.url)
    const login = await cli(['login', '--email', ada.email, '--password-stdin'], {
      input: 'not the password',
    })
    expect(login.code).toBe(3)
    expect(login.stderr).toBe('inkwell: INVALID_CREDENTIALS: Wrong email or password\n')
    expect(() => statSync(configOf(cli.home))).toThrow()
  })

  it.skipIf(!existsSync('/usr/bin/script'))(
    'prompts for the password on a terminal and never echoes it',
    async () => {
      const home = tempHome()
      // util-linux `script` gives the CLI a pseudo-terminal, as a person's shell would.
      const command = `stty cols 100 rows 30; exec "${process.execPath}" "${BIN}" login --email ${ada.email}`
      const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
        env: childEnv(home, { INKWELL_URL: server.url }),
      })
      let screen = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        screen += chunk
        if (screen.includes('Password') && !child.stdin.writableEnded) {
          child.stdin.end(`${PASSWORD}\r`)
        }
      })
      const code = await new Promise((resolve) => child.once('close', resolve))
      expect(code).toBe(0)
      expect(screen).toContain(`Logged in to ${server.url} as ${ada.email}`)
      // Whatever the terminal showed, the password was not in it (masked, or nothing).
      expect(screen.replace(/\s+/g, '')).not.toContain(PASSWORD.replace(/\s+/g, ''))
      expect(JSON.parse(readFileSync(configOf(home), 'utf8')).email).toBe(ada.email)
    },
  )

  it('exits 2 when there is no terminal to prompt on and no --password-stdin', async () => {
    const cli = cliFor(server.url)
    const login = await cli(['login', '--email', ada.email])
    expect(login.code).toBe(2)
    expect(login.stderr).toContain('--password-stdin')
  })
})

describe('credentials', () => {
  it('exits 3 with a hint when there is none', async () => {
    const result = await cliFor(server.url)(['whoami'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^inkwell: NOT_LOGGED_IN: .*inkwell login/)
  })

  it('exits 3 for a token the server does not know', async () => {
    const result = await cliFor(server.url)(['whoami'], { env: { INKWELL_TOKEN: 'ink_nope' } })
    expect(result.code).toBe(3)
    expect(result.stderr).toBe('inkwell: NOT_AUTHENTICATED: Sign in to continue\n')
  })

  it('--token beats INKWELL_TOKEN, which beats the stored login', async () => {
    const bob = await register(server, 'Bob')
    const cat = await register(server, 'Cat')
    const cli = cliFor(server.url)
    await cli(['login', '--email', ada.email, '--password-stdin'], { input: PASSWORD })
    const whoIs = async (args: string[], env: Record<string, string> = {}) =>
      JSON.parse((await cli([...args, 'whoami', '--json'], { env })).stdout).email
    expect(await whoIs([])).toBe(ada.email)
    expect(await whoIs([], { INKWELL_TOKEN: bob.token })).toBe(bob.email)
    expect(await whoIs(['--token', cat.token], { INKWELL_TOKEN: bob.token })).toBe(cat.email)
  })

  it('never sends the stored session token to another server', async () => {
    const cli = cliFor(server.url)
    await cli(['login', '--email', ada.email, '--password-stdin'], { input: PASSWORD })
    const elsewhere = await cli(['--url', 'http://127.0.0.1:9', 'whoami'])
    expect(elsewhere.code).toBe(3)
    expect(elsewhere.stderr).toContain('NOT_LOGGED_IN')
  })

  it('exits 1 with the app code when the server cannot be reached, and no stack trace', async () => {
    const result = await cliFor('http://127.0.0.1:9')(['whoami'], { env: { INKWELL_TOKEN: 'x' } })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^inkwell: CANNOT_REACH_SERVER: http:\/\/127\.0\.0\.1:9 did not answer/,
    )
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('inkwell logout', () => {
  it('ends the session on the server and forgets it', async () => {
    const cli = cliFor(server.url)
    await cli(['login', '--email', ada.email, '--password-stdin'], { input: PASSWORD })
    const token = JSON.parse(readFileSync(configOf(cli.home), 'utf8')).token
    const logout = await cli(['logout'])
    expect(logout.code).toBe(0)
    expect(() => statSync(configOf(cli.home))).toThrow()
    expect((await cli(['whoami'])).code).toBe(3)
    // Dead on the server too, not just forgotten here.
    expect((await cli(['whoami'], { env: { INKWELL_TOKEN: token } })).code).toBe(3)
  })
})
