import { describe, expect, it } from 'vitest'
import { hashPassword, verifyDummyPassword, verifyPassword } from '../src'

describe('hashPassword', () => {
  it('uses argon2id with OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/)
    expect(hash).not.toContain('correct horse')
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')])
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, 'same password')).toBe(true)
    expect(await verifyPassword(b, 'same password')).toBe(true)
  })
})

describe('verifyPassword', () => {
  it('accepts the password and nothing else', async () => {
    const hash = await hashPassword('Tr0ub4dor&3 but longer')
    expect(await verifyPassword(hash, 'Tr0ub4dor&3 but longer')).toBe(true)
    expect(await verifyPassword(hash, 'tr0ub4dor&3 but longer')).toBe(false)
    expect(await verifyPassword(hash, 'Tr0ub4dor&3 but longer ')).toBe(false)
    expect(await verifyPassword(hash, '')).toBe(false)
  })

  it('handles non-ASCII and 256-character passwords', async () => {
    for (const password of ['pässwörd mit ümläuten', '密码是一个很长的句子', 'x'.repeat(256)]) {
      const hash = await hashPassword(password)
      expect(await verifyPassword(hash, password)).toBe(true)
      expect(await verifyPassword(hash, password.slice(0, -1))).toBe(false)
    }
  })

  it('treats a malformed or empty hash as a mismatch, not an error', async () => {
    expect(await verifyPassword('', 'anything')).toBe(false)
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'anything')).toBe(false)
  })
})

describe('verifyDummyPassword', () => {
  it('always answers false, whatever the password', async () => {
    expect(await verifyDummyPassword('correct horse battery staple')).toBe(false)
    expect(await verifyDummyPassword('')).toBe(false)
  })
})
