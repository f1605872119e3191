import { securityLogOf } from '@inkwell/api'
import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { type Listening, listen, type MemoryLog, memoryLog, mutate, signUp } from './helpers'

// Security events reach the server's log as the server wires them (server-resources.ts): one
// line each, with `event` and the client's address, and never a secret.

let h: TestHarness
let log: MemoryLog
let server: Listening
beforeAll(async () => {
  log = memoryLog()
  h = await createTestHarness({
    securityLog: securityLogOf(log.logger.child({ component: 'security' })),
  })
  server = await listen(createApp({ deps: h.deps, logger: log.logger }))
})
afterAll(async () => {
  await server?.close()
  await h?.close()
})

const securityLines = () => log.lines().filter((line) => line.component === 'security')

describe('the security log over HTTP', () => {
  it('a failed login writes a line with the event, the email and the client IP, not the password', async () => {
    const ada = await signUp(server)
    const r = await mutate(server, 'auth.login', {
      email: ada.email,
      password: 'a wrong but secret guess',
    })
    expect(r.status).toBe(401)
    expect(securityLines()).toContainEqual(
      expect.objectContaining({
        event: 'login.failed',
        email: ada.email,
        ip: '127.0.0.1',
        targetId: ada.userId,
      }),
    )
    expect(log.text()).not.toContain('a wrong but secret guess')
  })

  it('a logout writes session.revoked with the client IP, not the token', async () => {
    const bob = await signUp(server)
    const r = await mutate(server, 'auth.logout', undefined, {
      authorization: `Bearer ${bob.token}`,
    })
    expect(r.status).toBe(200)
    expect(securityLines()).toContainEqual(
      expect.objectContaining({ event: 'session.revoked', actorId: bob.userId, ip: '127.0.0.1' }),
    )
    expect(log.text()).not.toContain(bob.token)
  })
})
