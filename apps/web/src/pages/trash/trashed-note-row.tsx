import type { RouterOutputs } from '@inkwell/client'
import { Link } from 'wouter'
import { formatDateTime, formatRelative } from '../../lib/format-date'
import { RestoreNoteButton } from '../note/restore-note-button'
import { PurgeNoteButton } from './purge-note-button'

type Note = RouterOutputs['notes']['get']

interface TrashedNoteRowProps {
  readonly note: Note
  readonly onError: (error: unknown) => void
}

/** A note in the trash: its title (to look at it), when it was trashed, Restore and Delete forever. */
export function TrashedNoteRow({ note, onError }: TrashedNoteRowProps) {
  const trashedAt = note.deletedAt ?? note.updatedAt
  return (
    <li className="list-row">
      <div className="list-row-main">
        <Link href={`/notes/${note.id}`} className="list-row-title">
          {note.title}
        </Link>
        <span className="muted">
          Trashed{' '}
          <time dateTime={trashedAt} title={formatDateTime(trashedAt)}>
            {formatRelative(trashedAt)}
          </time>
        </span>
      </div>
      <div className="list-row-actions">
        <RestoreNoteButton id={note.id} onError={onError} />
        <PurgeNoteButton id={note.id} title={note.title} onError={onError} />
      </div>
    </li>
  )
}
