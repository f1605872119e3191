import { errorMessage } from '@inkwell/client'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Alert } from '../../components/alert'
import { EmptyState } from '../../components/empty-state'
import { ErrorPanel } from '../../components/error-panel'
import { LoadMore } from '../../components/load-more'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { useTRPC } from '../../lib/trpc'
import { EmptyTrashButton } from './empty-trash-button'
import { TrashedNoteRow } from './trashed-note-row'

/** Notes moved to the trash, most recent first, each with Restore and Delete forever. */
export function TrashPage() {
  const trpc = useTRPC()
  const [error, setError] = useState<unknown>(null)
  const notes = useInfiniteQuery(
    trpc.notes.list.infiniteQueryOptions(
      { limit: 20, trashed: true },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  )
  const items = notes.data?.pages.flatMap((page) => page.items) ?? []

  return (
    <>
      <PageHeader
        title="Trash"
        description="Notes you moved to the trash. Restore one to bring it back. Notes are deleted for good 30 days after you trash them."
        actions={items.length > 0 ? <EmptyTrashButton onError={setError} /> : undefined}
      />
      <Alert>{error ? errorMessage(error) : null}</Alert>
      {notes.isPending ? (
        <Loading label="Loading the trash…" />
      ) : notes.isError ? (
        <ErrorPanel error={notes.error} onRetry={() => notes.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="The trash is empty">
          <p>Notes you move to the trash show up here.</p>
        </EmptyState>
      ) : (
        <>
          <ul className="card list" aria-label="Trashed notes">
            {items.map((note) => (
              <TrashedNoteRow key={note.id} note={note} onError={setError} />
            ))}
          </ul>
          <LoadMore
            hasMore={notes.hasNextPage}
            loading={notes.isFetchingNextPage}
            onLoadMore={() => void notes.fetchNextPage()}
          />
        </>
      )}
    </>
  )
}
