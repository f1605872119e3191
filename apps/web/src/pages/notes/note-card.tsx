import type { RouterOutputs } from '@inkwell/client'
import { Link } from 'wouter'
import { formatDateTime, formatRelative } from '../../lib/format-date'

type Note = RouterOutputs['notes']['get']

/** One note in the list: title, the start of its text, tags, when it changed. */
export function NoteCard({ note }: { readonly note: Note }) {
  const excerpt = note.content.trim().slice(0, 240)
  return (
    <li>
      <Link href={`/notes/${note.id}`} className="card note-card">
        <h2 className="note-card-title">{note.title}</h2>
        {excerpt ? (
          <p className="note-card-excerpt">{excerpt}</p>
        ) : (
          <p className="note-card-excerpt muted">No text yet</p>
        )}
        <div className="note-card-meta">
          <span className="tag-list">
            {note.tags.map((tag) => (
              <span key={tag} className="tag">
                #{tag}
              </span>
            ))}
          </span>
          <time dateTime={note.updatedAt} title={formatDateTime(note.updatedAt)}>
            {formatRelative(note.updatedAt)}
          </time>
        </div>
      </Link>
    </li>
  )
}
