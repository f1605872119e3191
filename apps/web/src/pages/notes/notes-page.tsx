import { useInfiniteQuery } from '@tanstack/react-query'
import { EmptyState } from '../../components/empty-state'
import { ErrorPanel } from '../../components/error-panel'
import { LoadMore } from '../../components/load-more'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { SearchBox } from '../../components/search-box'
import { useTRPC } from '../../lib/trpc'
import { NewNoteButton } from './new-note-button'
import { NoteCard } from './note-card'
import { TagFilters } from './tag-filters'
import { useNoteFilters } from './use-note-filters'

const PAGE_SIZE = 20

/** Every note, newest first, with search and tag filters, loading more as you scroll. */
export function NotesPage() {
  const trpc = useTRPC()
  const [filters, setFilters] = useNoteFilters()
  const input = {
    limit: PAGE_SIZE,
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
  }
  const notes = useInfiniteQuery(
    trpc.notes.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor,
      placeholderData: (previous) => previous,
    }),
  )
  const items = notes.data?.pages.flatMap((page) => page.items) ?? []
  const filtered = Boolean(input.search || input.tag)

  return (
    <>
      <PageHeader title="Notes" actions={<NewNoteButton tag={filters.tag} />} />
      <div className="toolbar">
        <SearchBox
          label="Search notes"
          value={filters.search}
          onSearch={(search) => setFilters({ search })}
        />
        <TagFilters selected={filters.tag} onSelect={(tag) => setFilters({ tag })} />
      </div>
      <section aria-label="Your notes" aria-busy={notes.isFetching}>
        {notes.isPending ? (
          <Loading label="Loading notes…" />
        ) : notes.isError ? (
          <ErrorPanel error={notes.error} onRetry={() => notes.refetch()} />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="No notes match">
              <p>Try other words, or clear the filters.</p>
              <button
                type="button"
                className="btn"
                onClick={() => setFilters({ search: '', tag: null })}
              >
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No notes yet">
              <p>Your notes will show up here. Start with the “New note” button.</p>
            </EmptyState>
          )
        ) : (
          <>
            <p className="visually-hidden" role="status">
              {items.length} {items.length === 1 ? 'note' : 'notes'} shown
            </p>
            <ul className="note-grid">
              {items.map((note) => (
                <NoteCard key={note.id} note={note} />
              ))}
            </ul>
            <LoadMore
              hasMore={notes.hasNextPage}
              loading={notes.isFetchingNextPage}
              onLoadMore={() => void notes.fetchNextPage()}
            />
          </>
        )}
      </section>
    </>
  )
}
