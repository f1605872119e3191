import { TRPCClientError } from '@trpc/client'
import { describe, expect, it } from 'vitest'
import { errorMessage } from '../src/error-message'

/** What the client throws for an error answer from the server (API.md: the envelope). */
function serverError(appCode: string, message = 'the server’s own wording') {
  return TRPCClientError.from({
    error: { code: -32603, message, data: { code: 'ANY', httpStatus: 400, appCode } },
  })
}

describe('errorMessage', () => {
  it('words an error by its app code, never with the server’s message', () => {
    const error = serverError('VERSION_CONFLICT', 'row version 3 != 4 in notes')
    expect(errorMessage(error)).toBe('This note was changed somewhere else.')
    expect(errorMessage(serverError('INVALID_CREDENTIALS'))).toBe(
      'That email and password do not match an account.',
    )
    expect(errorMessage(serverError('NOT_AUTHENTICATED'))).toBe(
      'Your session has ended. Sign in again.',
    )
    expect(errorMessage(serverError('RATE_LIMITED'))).toBe(
      'Too many attempts. Wait a little and try again.',
    )
  })

  it('says the server cannot be reached when the request got no answer', () => {
    const offline = TRPCClientError.from(new TypeError('Failed to fetch'))
    const expected = 'Inkwell cannot be reached. Check your connection and try again.'
    expect(errorMessage(offline)).toBe(expected)
    expect(errorMessage(new Error('socket hang up'))).toBe(expected)
  })

  it('falls back to a generic sentence for a code it has no words for', () => {
    expect(errorMessage(serverError('METHOD_NOT_SUPPORTED'))).toBe(
      'Something went wrong. Try again.',
    )
  })
})
