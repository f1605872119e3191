import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { createApp, createLogger } from '@inkwell/server'

export const PASSWORD = 'correct horse battery staple'

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** The fresh database behind it, and in-process callers for setting up data fast. */
  readonly h: TestHarness
  close(): Promise<void>
}

/** The server's real HTTP app on a fresh database (PGlite, or PostgreSQL + Redis in CI). */
export async function startTestServer(): Promise<TestServer> {
  const h = await createTestHarness()
  const app = createApp({ deps: h.deps, logger: createLogger(process.env.LOG_LEVEL ?? 'silent') })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    h,
    async close() {
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await h.close()
    },
  }
}

export interface TestAccount {
  readonly id: string
  readonly email: string
  /** A session token, as `inkwell login` would store. */
  readonly token: string
}

let sequence = 0

/** Registers an account through the API (in process: faster than over the CLI). */
export async function register(server: TestServer, name = 'Test User'): Promise<TestAccount> {
  sequence++
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${sequence}-${crypto.randomUUID().slice(0, 6)}@example.com`
  const ip = `10.9.${(sequence >> 8) & 255}.${sequence & 255}`
  const issued = await server.h.caller({ ip }).auth.register({ email, password: PASSWORD, name })
  return { id: issued.user.id, email, token: issued.session.token }
}

/** Makes the account an admin, directly in the database. */
export async function makeAdmin(server: TestServer, account: TestAccount): Promise<void> {
  await server.h.db.kysely
    .updateTable('users')
    .set({ role: 'admin' })
    .where('id', '=', account.id)
    .execute()
}
