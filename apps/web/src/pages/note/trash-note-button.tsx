import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useLocation } from 'wouter'
import { useTRPC } from '../../lib/trpc'

interface TrashNoteButtonProps {
  readonly id: string
  /** Runs first: pending edits are saved before the note goes. */
  readonly beforeTrash: () => Promise<void>
  readonly onError: (error: unknown) => void
}

/** Moves the note to the trash (it can be restored from there) and goes back to the list. */
export function TrashNoteButton({ id, beforeTrash, onError }: TrashNoteButtonProps) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [, navigate] = useLocation()
  const trash = useMutation(
    trpc.notes.delete.mutationOptions({
      onSuccess: (note) => {
        queryClient.setQueryData(trpc.notes.get.queryKey({ id }), note)
        void queryClient.invalidateQueries(trpc.notes.pathFilter())
        navigate('/notes')
      },
      onError,
    }),
  )
  return (
    <button
      type="button"
      className="btn btn-ghost btn-danger-text"
      disabled={trash.isPending}
      onClick={async () => {
        await beforeTrash()
        trash.mutate({ id })
      }}
    >
      Move to trash
    </button>
  )
}
