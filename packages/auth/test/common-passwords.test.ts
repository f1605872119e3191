import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { isCommonPassword } from '../src'

const listUrl = new URL('../data/common-passwords.txt', import.meta.url)

describe('isCommonPassword', () => {
  it('recognises the usual suspects', async () => {
    for (const password of ['123456', 'password', '12345678', 'qwerty', 'iloveyou', 'letmein']) {
      expect(await isCommonPassword(password)).toBe(true)
    }
  })

  it('compares case-insensitively', async () => {
    for (const password of ['PASSWORD', 'Password', 'QwErTy', 'ILoveYou']) {
      expect(await isCommonPassword(password)).toBe(true)
    }
  })

  it('lets uncommon passwords through', async () => {
    for (const password of [
      'correct horse battery staple',
      'purple monkey dishwasher',
      'Zq8#mW!2vL',
      '',
    ]) {
      expect(await isCommonPassword(password)).toBe(false)
    }
  })

  it('knows every entry of the bundled list, the last one included', async () => {
    const entries = (await readFile(listUrl, 'utf8')).split('\n').filter(Boolean)
    expect(entries).toHaveLength(10_000)
    for (const entry of entries) {
      // A stray \r or an upper-case entry would silently let that password through.
      expect(entry).toBe(entry.trim().toLowerCase())
      expect(await isCommonPassword(entry)).toBe(true)
    }
  })
})
