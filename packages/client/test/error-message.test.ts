import { TRPCClientError } from '@trpc/client'
import { expect, it } from 'vitest'
import { appCodeOf, createClient, errorMessage } from '../src'
import { useListeningServer } from './support'

const server = useListeningServer()

it('words a server error by its app code, not by the server’s message', async () => {
  const error = await createClient({ url: server.url() })
    .auth.login.mutate({ email: 'nobody@example.com', password: 'not the password' })
    .catch((e: unknown) => e)
  expect(appCodeOf(error)).toBe('INVALID_CREDENTIALS')
  expect(errorMessage(error)).toBe('That email and password do not match an account.')
})

it('says Inkwell cannot be reached when no answer came, so there is no app code', async () => {
  const error = await createClient({ url: 'http://127.0.0.1:1' })
    .users.me.query()
    .catch((e: unknown) => e)
  expect(appCodeOf(error)).toBeNull()
  expect(errorMessage(error)).toBe(
    'Inkwell cannot be reached. Check your connection and try again.',
  )
})

it('falls back to a generic sentence for a code it has no words for', () => {
  // What a newer server could send: an app code this client does not know yet.
  const error = TRPCClientError.from({
    error: {
      code: -32603,
      message: 'new',
      data: { code: 'ANY', httpStatus: 400, appCode: 'NEWER_CODE' },
    },
  })
  expect(errorMessage(error)).toBe('Something went wrong. Try again.')
})
