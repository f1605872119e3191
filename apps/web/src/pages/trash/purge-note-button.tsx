import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ConfirmButton } from '../../components/confirm-button'
import { useTRPC } from '../../lib/trpc'

interface PurgeNoteButtonProps {
  readonly id: string
  readonly title: string
  readonly onError: (error: unknown) => void
}

/** Deletes a trashed note for good, after a confirm. */
export function PurgeNoteButton({ id, title, onError }: PurgeNoteButtonProps) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const purge = useMutation(
    trpc.notes.purge.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries(trpc.notes.get.queryFilter({ id }))
        void queryClient.invalidateQueries(trpc.notes.pathFilter())
      },
      onError,
    }),
  )
  return (
    <ConfirmButton
      label="Delete forever"
      busyLabel="Deleting…"
      title="Delete this note forever?"
      busy={purge.isPending}
      onConfirm={() => purge.mutateAsync({ id }).catch(() => {})}
    >
      <p>“{title}” will be gone for good, on every device. This cannot be undone.</p>
    </ConfirmButton>
  )
}
