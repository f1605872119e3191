import { TRPCClientError } from '@trpc/client'
import { expect, it } from 'vitest'
import { appCodeOf, createClient, retryAfterMsOf } from '../src'
import { useListeningServer } from './support'

const server = useListeningServer({ rateLimits: true })

it('reads the wait the server names: the Retry-After of a locked login', async () => {
  const client = createClient({ url: server.url() })
  const email = 'locked@example.com'
  await client.auth.register.mutate({ email, password: 'a long passphrase', name: 'Locked' })
  let refusal: unknown = null
  for (let attempt = 0; attempt < 10 && refusal === null; attempt++) {
    const error = await client.auth.login
      .mutate({ email, password: 'not the password' })
      .catch((e: unknown) => e)
    if (appCodeOf(error) === 'RATE_LIMITED') refusal = error
    else expect(appCodeOf(error)).toBe('INVALID_CREDENTIALS')
  }
  expect(appCodeOf(refusal)).toBe('RATE_LIMITED')
  const wait = retryAfterMsOf(refusal)
  expect(wait).toBeGreaterThanOrEqual(1000)
  expect((wait ?? 0) % 1000).toBe(0)
})

it('is null when the server named no wait, or never answered', async () => {
  const refused = await createClient({ url: server.url() })
    .auth.login.mutate({ email: 'nobody@example.com', password: 'not the password' })
    .catch((e: unknown) => e)
  expect(appCodeOf(refused)).toBe('INVALID_CREDENTIALS')
  expect(retryAfterMsOf(refused)).toBeNull()

  const unreachable = await createClient({ url: 'http://127.0.0.1:1' })
    .users.me.query()
    .catch((e: unknown) => e)
  expect(retryAfterMsOf(unreachable)).toBeNull()
  expect(retryAfterMsOf(new Error('not from the client'))).toBeNull()
})

it('reads an HTTP date too, and bounds what it reports to between now and a day', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  const withHeader = (value: string) =>
    new TRPCClientError('busy', {
      meta: { response: new Response(null, { status: 503, headers: { 'retry-after': value } }) },
    })
  expect(retryAfterMsOf(withHeader('Thu, 01 Jan 2026 00:00:30 GMT'), now)).toBe(30_000)
  expect(retryAfterMsOf(withHeader('Wed, 31 Dec 2025 23:00:00 GMT'), now)).toBe(0)
  expect(retryAfterMsOf(withHeader('99999999'), now)).toBe(24 * 3600 * 1000)
  expect(retryAfterMsOf(withHeader('soon'), now)).toBeNull()
  expect(retryAfterMsOf(withHeader('-5'), now)).toBeNull()
})
