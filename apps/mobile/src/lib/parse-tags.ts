/** The API's limits on a note's tags (API.md, `notes.create`). */
export const MAX_TAGS = 20
export const MAX_TAG_LENGTH = 32

/**
 * Tags from what a person typed: separated by commas, trimmed, lower-cased, de-duplicated, a
 * leading `#` dropped; empty and over-long ones left out, and at most `MAX_TAGS`.
 *
 * @example
 * parseTags('Home, #errands, home') // ['home', 'errands']
 */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().replace(/^#+/, '').trim().toLowerCase())
    .filter((t) => t.length > 0 && t.length <= MAX_TAG_LENGTH)
  return [...new Set(tags)].slice(0, MAX_TAGS)
}

/** The tags as the editor shows them. */
export function formatTags(tags: readonly string[]): string {
  return tags.join(', ')
}
