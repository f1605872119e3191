import { appCodeOf } from '@inkwell/client'
import { useQueryClient } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import { useRef } from 'react'
import { endSession } from '../auth/session'
import { useTRPC, useTRPCClient } from './trpc'

/**
 * Keeps the signed-in user's notes live: `notes.onChange` (server-sent events) says when they
 * changed anywhere (another tab, device or script), and every notes query is refetched: the
 * list, the tags, and the open note, whose editor takes the new version in (or, over unsaved
 * edits, asks). The link reconnects by itself, resuming from the last event.
 *
 * The stream ends with `NOT_AUTHENTICATED` when its session does. If the browser holds a newer
 * one (the password was changed here, which issues a fresh session), it subscribes again;
 * otherwise the session ended as for any call (`endSession`).
 */
export function useLiveNotes(): void {
  const trpc = useTRPC()
  const client = useTRPCClient()
  const queryClient = useQueryClient()
  const restart = useRef<() => void>(() => {})
  const subscription = useSubscription(
    trpc.notes.onChange.subscriptionOptions(undefined, {
      onData: () => {
        void queryClient.invalidateQueries(trpc.notes.pathFilter())
      },
      onError: (error) => {
        if (appCodeOf(error) !== 'NOT_AUTHENTICATED') return
        client.users.me.query().then(
          () => restart.current(),
          (meError: unknown) => {
            if (appCodeOf(meError) === 'NOT_AUTHENTICATED') endSession(queryClient)
          },
        )
      },
    }),
  )
  restart.current = subscription.reset
}
