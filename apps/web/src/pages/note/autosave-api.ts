import type { RouterInputs } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTRPC } from '../../lib/trpc'
import type { Note } from './draft'

export type NoteUpdate = RouterInputs['notes']['update']

/** What autosave needs from the server. `useAutosaveApi()` is the real one; tests bring theirs. */
export interface AutosaveApi {
  /** Writes the fields over `version`; fails with `VERSION_CONFLICT` when someone saved since. */
  update(input: NoteUpdate): Promise<Note>
  /** The note as the server has it now, never from the cache. */
  fetchLatest(id: string): Promise<Note>
  /** The editor works from this version now (just saved, or taken in a conflict). */
  adopt(note: Note): void
}

/** `notes.update` and `notes.get` through the query cache, which `adopt` keeps current. */
export function useAutosaveApi(): AutosaveApi {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const { mutateAsync } = useMutation(trpc.notes.update.mutationOptions())
  // One object for as long as its parts stay: a new one would flush the editor's pending save.
  return useMemo(
    () => ({
      update: mutateAsync,
      fetchLatest: (id) =>
        queryClient.fetchQuery({ ...trpc.notes.get.queryOptions({ id }), staleTime: 0 }),
      adopt: (note) => {
        queryClient.setQueryData(trpc.notes.get.queryKey({ id: note.id }), note)
        void queryClient.invalidateQueries(trpc.notes.list.pathFilter())
        void queryClient.invalidateQueries(trpc.notes.tags.pathFilter())
      },
    }),
    [mutateAsync, queryClient, trpc],
  )
}
