import { useSearchParams } from 'wouter'

export interface NoteFilters {
  readonly search: string
  readonly tag: string | null
}

/** The list's search and tag live in the address (`?q=…&tag=…`): shareable, back-button safe. */
export function useNoteFilters() {
  const [params, setParams] = useSearchParams()
  const filters: NoteFilters = { search: params.get('q') ?? '', tag: params.get('tag') }

  const update = (next: Partial<NoteFilters>) => {
    const merged = { ...filters, ...next }
    const search = new URLSearchParams()
    if (merged.search.trim()) search.set('q', merged.search)
    if (merged.tag) search.set('tag', merged.tag)
    setParams(search, { replace: true })
  }
  return [filters, update] as const
}
