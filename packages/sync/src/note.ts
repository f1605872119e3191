import type { RouterInputs, RouterOutputs } from '@inkwell/client'

/** A note as the API answers it; a local copy has the same shape (`version` 0: never pushed). */
export type Note = RouterOutputs['notes']['get']

/** The fields a person edits, and the unit of a three-way merge. */
export type NoteFields = Required<
  Pick<RouterInputs['notes']['update'], 'title' | 'content' | 'tags'>
>

/** A note to create offline: a title, and optionally content and tags. */
export type NoteDraft = Pick<RouterInputs['notes']['create'], 'title' | 'content' | 'tags'>

/** An edit: any of the fields, the others unchanged. */
export type NotePatch = Partial<NoteFields>

/** The names of the mergeable fields, in a stable order. */
export const NOTE_FIELDS = [
  'title',
  'content',
  'tags',
] as const satisfies readonly (keyof NoteFields)[]

/**
 * The field as the server will store it (a title trimmed; tags trimmed, lower-cased and
 * de-duplicated), so a local copy and a replayed write compare equal to the server's answer.
 */
export function normalizePatch(patch: NotePatch): NotePatch {
  const out: NotePatch = {}
  if (patch.title !== undefined) out.title = patch.title.trim()
  if (patch.content !== undefined) out.content = patch.content
  if (patch.tags !== undefined)
    out.tags = [...new Set(patch.tags.map((t) => t.trim().toLowerCase()))]
  return out
}

export function fieldsOf(note: Pick<Note, keyof NoteFields>): NoteFields {
  return { title: note.title, content: note.content, tags: [...note.tags] }
}

export function sameField<K extends keyof NoteFields>(
  key: K,
  a: NoteFields[K] | undefined,
  b: NoteFields[K] | undefined,
): boolean {
  if (key !== 'tags') return a === b
  const x = a as string[] | undefined
  const y = b as string[] | undefined
  return !!x && !!y && x.length === y.length && x.every((t, i) => t === y[i])
}
