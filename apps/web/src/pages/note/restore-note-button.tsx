import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../lib/trpc'

interface RestoreNoteButtonProps {
  readonly id: string
  readonly onError: (error: unknown) => void
  readonly className?: string
}

/** Takes a note out of the trash. */
export function RestoreNoteButton({ id, onError, className = 'btn' }: RestoreNoteButtonProps) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const restore = useMutation(
    trpc.notes.restore.mutationOptions({
      onSuccess: (note) => {
        queryClient.setQueryData(trpc.notes.get.queryKey({ id }), note)
        void queryClient.invalidateQueries(trpc.notes.pathFilter())
      },
      onError,
    }),
  )
  return (
    <button
      type="button"
      className={className}
      disabled={restore.isPending}
      onClick={() => restore.mutate({ id })}
    >
      {restore.isPending ? 'Restoring…' : 'Restore'}
    </button>
  )
}
