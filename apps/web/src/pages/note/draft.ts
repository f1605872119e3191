import type { RouterOutputs } from '@inkwell/client'

export type Note = RouterOutputs['notes']['get']

/** What the editor lets you change. */
export interface Draft {
  readonly title: string
  readonly content: string
  readonly tags: readonly string[]
}

export function draftOf(note: Note): Draft {
  return { title: note.title, content: note.content, tags: note.tags }
}

/** A tag as the server keeps it: trimmed, lower-case, at most 32 characters. */
export function normalizeTag(text: string): string {
  return text.trim().replace(/^#+/, '').toLowerCase().slice(0, 32)
}
