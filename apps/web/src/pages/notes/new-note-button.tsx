import { errorMessage } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLocation } from 'wouter'
import { Alert } from '../../components/alert'
import { useTRPC } from '../../lib/trpc'

/** Creates an "Untitled" note (tagged with the current filter) and opens it for writing. */
export function NewNoteButton({ tag }: { readonly tag: string | null }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [, navigate] = useLocation()
  const create = useMutation(
    trpc.notes.create.mutationOptions({
      onSuccess: (note) => {
        queryClient.setQueryData(trpc.notes.get.queryKey({ id: note.id }), note)
        void queryClient.invalidateQueries(trpc.notes.pathFilter())
        navigate(`/notes/${note.id}?new=1`)
      },
    }),
  )
  return (
    <>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => create.mutate({ title: 'Untitled', tags: tag ? [tag] : [] })}
        disabled={create.isPending}
      >
        <span aria-hidden="true">+</span> New note
      </button>
      {create.error && <Alert>{errorMessage(create.error)}</Alert>}
    </>
  )
}
