import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ConfirmButton } from '../../components/confirm-button'
import { useTRPC } from '../../lib/trpc'

interface EmptyTrashButtonProps {
  readonly onError: (error: unknown) => void
}

/** Deletes every note in the trash for good, after a confirm. */
export function EmptyTrashButton({ onError }: EmptyTrashButtonProps) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const emptyTrash = useMutation(
    trpc.notes.emptyTrash.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.notes.pathFilter()),
      onError,
    }),
  )
  return (
    <ConfirmButton
      label="Empty trash"
      busyLabel="Emptying…"
      title="Empty the trash?"
      busy={emptyTrash.isPending}
      onConfirm={() => emptyTrash.mutateAsync().catch(() => {})}
    >
      <p>Every note in the trash will be gone for good, on every device. This cannot be undone.</p>
    </ConfirmButton>
  )
}
