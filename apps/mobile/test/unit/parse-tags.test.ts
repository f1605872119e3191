import { describe, expect, it } from 'vitest'
import { formatTags, MAX_TAGS, parseTags } from '../../src/lib/parse-tags'

describe('parseTags', () => {
  it('splits on commas, trims, lower-cases, drops a leading # and repeats', () => {
    expect(parseTags(' Home, #errands,home ,, ')).toEqual(['home', 'errands'])
  })

  it('keeps within the API limits: tags of at most 32 characters, at most 20 of them', () => {
    expect(parseTags(`ok, ${'x'.repeat(33)}`)).toEqual(['ok'])
    const many = Array.from({ length: 30 }, (_, i) => `t${i}`).join(',')
    expect(parseTags(many)).toHaveLength(MAX_TAGS)
  })

  it('round-trips through the editor text', () => {
    expect(parseTags(formatTags(['home', 'errands']))).toEqual(['home', 'errands'])
  })
})
