import { errorMessage } from '@inkwell/client'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { Link } from 'wouter'
import { Alert } from '../../components/alert'
import { formatRelative } from '../../lib/format-date'
import { usePageTitle } from '../../lib/use-page-title'
import { useAutosaveApi } from './autosave-api'
import { ConflictDialog } from './conflict-dialog'
import type { Note } from './draft'
import { RestoreNoteButton } from './restore-note-button'
import { SaveStatus, savedTitle } from './save-status'
import { TagEditor } from './tag-editor'
import { TrashNoteButton } from './trash-note-button'
import { useAutosave } from './use-autosave'

interface NoteEditorProps {
  readonly note: Note
  /** Just created: put the cursor in the title, ready to type over "Untitled". */
  readonly isNew: boolean
}

/** Title, tags and text of one note, saved as you type. A trashed note is read-only. */
export function NoteEditor({ note, isNew }: NoteEditorProps) {
  const autosave = useAutosave(note, useAutosaveApi())
  const { draft, state, conflict, change, flush, resolve } = autosave
  const [actionError, setActionError] = useState<unknown>(null)
  const title = useRef<HTMLInputElement>(null)
  const trashed = note.deletedAt !== null
  usePageTitle(draft.title || 'Untitled')

  useEffect(() => {
    if (isNew) title.current?.select()
  }, [isNew])

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault()
      void flush()
    }
  }

  return (
    <article className="editor" onKeyDown={onKeyDown}>
      <div className="editor-bar">
        <Link href="/notes" className="back-link">
          <span aria-hidden="true">←</span> All notes
        </Link>
        <div className="editor-bar-end">
          {!trashed && (
            <span title={savedTitle(state)}>
              <SaveStatus state={state} onRetry={() => void flush()} />
            </span>
          )}
          {!trashed && (
            <TrashNoteButton id={note.id} beforeTrash={flush} onError={setActionError} />
          )}
        </div>
      </div>
      {trashed && (
        <div className="banner">
          <span>This note is in the trash. Restore it to edit.</span>
          <RestoreNoteButton id={note.id} onError={setActionError} className="btn btn-small" />
        </div>
      )}
      <Alert>{actionError ? errorMessage(actionError) : null}</Alert>
      <div className="card editor-card">
        <label htmlFor="note-title" className="visually-hidden">
          Title
        </label>
        <input
          id="note-title"
          ref={title}
          className="editor-title"
          value={draft.title}
          maxLength={200}
          placeholder="Title"
          readOnly={trashed}
          aria-invalid={state.kind === 'invalid' ? true : undefined}
          onChange={(e) => change({ title: e.target.value })}
        />
        <TagEditor tags={draft.tags} disabled={trashed} onChange={(tags) => change({ tags })} />
        <label htmlFor="note-content" className="visually-hidden">
          Text
        </label>
        <textarea
          id="note-content"
          className="editor-content"
          value={draft.content}
          placeholder="Write something…"
          readOnly={trashed}
          onChange={(e) => change({ content: e.target.value })}
        />
      </div>
      <p className="editor-meta">
        Created {formatRelative(note.createdAt)} · last saved {formatRelative(note.updatedAt)}
      </p>
      {conflict && <ConflictDialog theirs={conflict} mine={draft} onResolve={resolve} />}
    </article>
  )
}
