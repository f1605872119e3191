import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query'
import { navigate } from 'wouter/use-browser-location'
import { useTRPC } from '../lib/trpc'
import { type Me, meQueryKey } from './me'

/** Forgets everything cached for the previous user, then records the new one (or none). */
export function setSignedInUser(queryClient: QueryClient, user: Me | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] })
  queryClient.setQueryData(meQueryKey, user)
}

/**
 * The session ended under us (expired, revoked, password changed elsewhere, account
 * disabled): drop the cached data and ask to sign in again, coming back here afterwards.
 */
export function endSession(queryClient: QueryClient): void {
  if (!queryClient.getQueryData<Me | null>(meQueryKey)) return
  const here = `${location.pathname}${location.search}`
  navigate(`/sign-in?expired=1&next=${encodeURIComponent(here)}`, { replace: true })
  setSignedInUser(queryClient, null)
}

/** Signs out on the server (the cookie is cleared there), then here. */
export function useSignOut() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        navigate('/sign-in', { replace: true })
        setSignedInUser(queryClient, null)
      },
    }),
  )
}
