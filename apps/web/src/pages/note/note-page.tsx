import { appCodeOf } from '@inkwell/client'
import { useQuery } from '@tanstack/react-query'
import { Link, useParams, useSearchParams } from 'wouter'
import { EmptyState } from '../../components/empty-state'
import { ErrorPanel } from '../../components/error-panel'
import { Loading } from '../../components/loading'
import { useTRPC } from '../../lib/trpc'
import { NoteEditor } from './note-editor'

/** `/notes/:id`: loads the note, then edits it. */
export function NotePage() {
  const trpc = useTRPC()
  const { id = '' } = useParams<{ id: string }>()
  const [params] = useSearchParams()
  const note = useQuery({
    ...trpc.notes.get.queryOptions({ id }),
    // The editor owns the text once open; a newer version shows up as a conflict, not a jump.
    refetchOnWindowFocus: false,
  })

  if (note.isPending) return <Loading label="Opening note…" />
  if (note.isError) {
    const code = appCodeOf(note.error)
    if (code === 'NOTE_NOT_FOUND' || code === 'VALIDATION_FAILED') {
      return (
        <EmptyState title="Note not found">
          <p>It may have been deleted, or the link is wrong.</p>
          <Link href="/notes" className="btn">
            Back to notes
          </Link>
        </EmptyState>
      )
    }
    return <ErrorPanel error={note.error} onRetry={() => note.refetch()} />
  }
  // Trashing or restoring changes the version: start the editor afresh from the new one.
  return (
    <NoteEditor
      key={`${note.data.id}:${note.data.deletedAt ?? 'live'}`}
      note={note.data}
      isNew={params.has('new')}
    />
  )
}
