import {
  fieldsOf,
  NOTE_FIELDS,
  type Note,
  type NoteFields,
  type NotePatch,
  sameField,
} from './note'
import type { PendingOp } from './store'

/** The API's longest title; a conflict copy's suffix must fit in it. */
const TITLE_MAX = 200
const CONFLICT_SUFFIX = ' (conflict)'

/** The title of the copy a conflict leaves: ours, marked, within the title limit. */
export function conflictTitle(title: string): string {
  return `${title.slice(0, TITLE_MAX - CONFLICT_SUFFIX.length)}${CONFLICT_SUFFIX}`
}

/** Tags as sets: theirs, plus what we added, minus what we removed (never a conflict). */
function mergeTags(base: string[], ours: string[], theirs: string[]): string[] {
  const added = ours.filter((t) => !base.includes(t))
  const removed = new Set(base.filter((t) => !ours.includes(t)))
  return [...new Set([...theirs, ...added])].filter((t) => !removed.has(t))
}

/**
 * A three-way merge of our edit (`changes` made on `base`) into the server's `current` note:
 * the fields still to send (empty: the server already has our edit, as after a replay), or
 * `'conflict'` when both sides changed the same text field differently. Tags merge as sets.
 */
export function mergeEdit(
  base: NoteFields,
  changes: NotePatch,
  current: NoteFields,
): NotePatch | 'conflict' {
  const out: NotePatch = {}
  for (const field of NOTE_FIELDS) {
    const ours = changes[field]
    if (ours === undefined || sameField(field, ours, base[field])) continue
    if (sameField(field, ours, current[field])) continue
    if (field === 'tags') {
      const tags = mergeTags(base.tags, ours as string[], current.tags)
      if (!sameField('tags', tags, current.tags)) out.tags = tags
      continue
    }
    if (!sameField(field, current[field], base[field])) return 'conflict'
    Object.assign(out, { [field]: ours })
  }
  return out
}

/**
 * The local view of a note: the server's copy with our pending ops for it applied on top, or
 * null when one of them deletes it for good.
 */
export function project(server: Note, ops: readonly PendingOp[], now: string): Note | null {
  let note: Note = server
  for (const op of ops) {
    if (op.noteId !== server.id) continue
    if (op.kind === 'purge') return null
    if (op.kind === 'create') note = { ...note, ...op.fields }
    else if (op.kind === 'update') note = { ...note, ...op.changes }
    else if (op.kind === 'trash') note = { ...note, deletedAt: note.deletedAt ?? now }
    else note = { ...note, deletedAt: null }
  }
  return note
}

/**
 * Our version of a note after the queued edits in `ops` (on top of `start` when given), or
 * null when there is neither: what a conflict copy keeps of a note gone from the server.
 */
export function editsOf(ops: readonly PendingOp[], start: NoteFields | null): NoteFields | null {
  let fields = start
  for (const op of ops) {
    if (op.kind === 'update') fields = { ...(fields ?? fieldsOf(op.base)), ...op.changes }
  }
  return fields
}
