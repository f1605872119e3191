import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../lib/trpc'

interface TagFiltersProps {
  readonly selected: string | null
  readonly onSelect: (tag: string | null) => void
}

/** The user's tags as toggle buttons; one at a time narrows the list. */
export function TagFilters({ selected, onSelect }: TagFiltersProps) {
  const trpc = useTRPC()
  const tags = useQuery(trpc.notes.tags.queryOptions())
  if (!tags.data?.length) return null
  return (
    <fieldset className="tag-filters">
      <legend className="visually-hidden">Filter by tag</legend>
      <button
        type="button"
        className="chip"
        aria-pressed={selected === null}
        onClick={() => onSelect(null)}
      >
        All
      </button>
      {tags.data.map(({ tag, count }) => (
        <button
          key={tag}
          type="button"
          className="chip"
          aria-pressed={selected === tag}
          onClick={() => onSelect(selected === tag ? null : tag)}
        >
          #{tag} <span className="chip-count">{count}</span>
        </button>
      ))}
    </fieldset>
  )
}
