import type { Note } from '@inkwell/sync'

export interface NoteFilter {
  /** Words that must all appear in the title or the text, in any case. */
  readonly search?: string
  /** Only notes with this tag. */
  readonly tag?: string | null
  /** The trash instead of the live notes. */
  readonly trashed?: boolean
}

/**
 * The notes that match, searched on the device so it works offline: every word of `search`
 * (split on spaces) must appear in the title or text, case and accents ignored. Simpler than
 * the server's full-text search (no stemming or operators), and instant.
 *
 * @example
 * filterNotes(notes, { search: 'oat milk', tag: 'home' })
 */
export function filterNotes(notes: readonly Note[], filter: NoteFilter): Note[] {
  const words = fold(filter.search ?? '')
    .split(/\s+/)
    .filter(Boolean)
  return notes.filter((note) => {
    if ((note.deletedAt !== null) !== (filter.trashed ?? false)) return false
    if (filter.tag && !note.tags.includes(filter.tag)) return false
    if (words.length === 0) return true
    const text = fold(`${note.title}\n${note.content}`)
    return words.every((word) => text.includes(word))
  })
}

/** The tags of the live notes with how many notes carry each, most used first. */
export function tagCounts(notes: readonly Note[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const note of notes) {
    if (note.deletedAt !== null) continue
    for (const tag of note.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1)
  }
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
