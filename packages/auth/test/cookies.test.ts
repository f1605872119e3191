import { describe, expect, it } from 'vitest'
import { clearedSessionCookie, readSessionCookie, SESSION_COOKIE, sessionCookie } from '../src'

const attributes = (cookie: string) => cookie.split('; ').slice(1)

describe('sessionCookie', () => {
  it('stores the token HttpOnly, SameSite=Lax, on Path=/, until the session expires', () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000)
    const cookie = sessionCookie('tok3n', expiresAt, false)
    expect(SESSION_COOKIE).toBe('inkwell_session')
    expect(cookie.startsWith('inkwell_session=tok3n; ')).toBe(true)
    expect(attributes(cookie)).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']),
    )
    expect(attributes(cookie)).toContain(`Expires=${expiresAt.toUTCString()}`)
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1])
    expect(maxAge).toBeGreaterThanOrEqual(30 * 86_400 - 2)
    expect(maxAge).toBeLessThanOrEqual(30 * 86_400)
    expect(cookie).not.toContain('Secure')
  })

  it('adds Secure when asked (https)', () => {
    const cookie = sessionCookie('tok3n', new Date(Date.now() + 60_000), true)
    expect(attributes(cookie)).toContain('Secure')
  })

  it('never gives a negative Max-Age for a past expiry', () => {
    const cookie = sessionCookie('tok3n', new Date(Date.now() - 60_000), false)
    expect(cookie).toContain('Max-Age=0')
  })
})

describe('clearedSessionCookie', () => {
  it('empties the cookie at once, with the attributes that identify it', () => {
    const cookie = clearedSessionCookie(false)
    expect(cookie.startsWith('inkwell_session=; ')).toBe(true)
    expect(attributes(cookie)).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']),
    )
    expect(cookie).not.toContain('Secure')
    expect(attributes(clearedSessionCookie(true))).toContain('Secure')
  })
})

describe('readSessionCookie', () => {
  it('finds the session token among other cookies', () => {
    expect(readSessionCookie('inkwell_session=abc')).toBe('abc')
    expect(readSessionCookie('theme=dark; inkwell_session=abc; lang=en')).toBe('abc')
    expect(readSessionCookie('theme=dark;inkwell_session=abc')).toBe('abc')
    expect(readSessionCookie('  inkwell_session = abc  ')).toBe('abc')
  })

  it('returns null when there is no session cookie, or an empty one', () => {
    expect(readSessionCookie(null)).toBeNull()
    expect(readSessionCookie(undefined)).toBeNull()
    expect(readSessionCookie('')).toBeNull()
    expect(readSessionCookie('theme=dark')).toBeNull()
    expect(readSessionCookie('inkwell_session=')).toBeNull()
    expect(readSessionCookie('inkwell_session')).toBeNull()
  })

  it('does not mistake a cookie with a similar name for it', () => {
    expect(readSessionCookie('xinkwell_session=evil; inkwell_session_old=evil')).toBeNull()
    expect(readSessionCookie('inkwell_sessionx=evil; inkwell_session=good')).toBe('good')
  })

  it('reads back what sessionCookie writes', () => {
    const cookie = sessionCookie('roundtrip', new Date(Date.now() + 60_000), true)
    expect(readSessionCookie(cookie.split(';')[0])).toBe('roundtrip')
  })
})
