import { describe, expect, it } from 'vitest'
import { generateApiToken, generateToken, hashToken, isApiToken } from '../src'

describe('generateToken', () => {
  it('gives 160 bits as 32 lower-case base32 characters', () => {
    const token = generateToken()
    // 32 characters of 5 bits each: 160 bits.
    expect(token).toMatch(/^[a-z2-7]{32}$/)
  })

  it('never repeats and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 2_000 }, generateToken)
    expect(new Set(tokens).size).toBe(tokens.length)
    const characters = new Set(tokens.join(''))
    expect(characters.size).toBe(32)
  })
})

describe('hashToken', () => {
  it('is SHA-256, hex-encoded', () => {
    expect(hashToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('is deterministic, distinct per token, and does not contain the token', () => {
    const token = generateToken()
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(token)).not.toBe(hashToken(generateToken()))
    expect(hashToken(token)).not.toContain(token)
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('hashes the UTF-8 bytes of the token', () => {
    expect(hashToken('\u00e9')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    )
  })
})

describe('generateApiToken', () => {
  it('is ink_ and 160 random bits, told apart from a session token by its prefix', () => {
    const token = generateApiToken()
    expect(token).toMatch(/^ink_[a-z2-7]{32}$/)
    expect(isApiToken(token)).toBe(true)
    expect(isApiToken(generateToken())).toBe(false)
    expect(generateApiToken()).not.toBe(token)
  })
})
