import { MAX_BATCH_SIZE as SERVER_MAX_BATCH_SIZE } from '@inkwell/server'
import { describe, expect, it } from 'vitest'
import { appCodeOf, createClient, fieldErrorsOf, MAX_BATCH_SIZE } from '../src'
import { useListeningServer } from './support'

const server = useListeningServer()

describe('createClient against a real server', () => {
  it('registers, then calls users.me with the bearer token', async () => {
    const anonymous = createClient({ url: server.url() })
    const { user, session } = await anonymous.auth.register.mutate({
      email: 'client@example.com',
      password: 'a long passphrase',
      name: 'Client',
    })
    const inkwell = createClient({ url: server.url(), token: () => session.token })
    const me = await inkwell.users.me.query()
    expect(me).toEqual(user)
  })

  it('reports stable app codes and field errors', async () => {
    const anonymous = createClient({ url: server.url() })
    const unauthenticated = await anonymous.users.me.query().catch((e: unknown) => e)
    expect(appCodeOf(unauthenticated)).toBe('NOT_AUTHENTICATED')
    const invalid = await anonymous.auth.register
      .mutate({ email: 'nope', password: 'short', name: 'X' })
      .catch((e: unknown) => e)
    expect(appCodeOf(invalid)).toBe('VALIDATION_FAILED')
    expect(Object.keys(fieldErrorsOf(invalid)).sort()).toEqual(['email', 'password'])
    expect(appCodeOf(new Error('network down'))).toBeNull()
  })

  it('batches concurrent calls, never past the server cap', async () => {
    expect(MAX_BATCH_SIZE).toBe(SERVER_MAX_BATCH_SIZE)
    const { session } = await createClient({ url: server.url() }).auth.login.mutate({
      email: 'client@example.com',
      password: 'a long passphrase',
    })
    let requests = 0
    const counting: typeof fetch = (input, init) => {
      requests++
      return fetch(input, init)
    }
    const inkwell = createClient({ url: server.url(), token: session.token, fetch: counting })
    const results = await Promise.all(Array.from({ length: 25 }, () => inkwell.users.me.query()))
    expect(results).toHaveLength(25)
    expect(requests).toBe(Math.ceil(25 / MAX_BATCH_SIZE))
  })
})
