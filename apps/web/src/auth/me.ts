import { appCodeOf, type InkwellClient, type RouterOutputs } from '@inkwell/client'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { useTRPCClient } from '../lib/trpc'

export type Me = RouterOutputs['users']['me']

/** The signed-in user, or null when signed out. Kept apart from tRPC's keys: null is data here. */
export const meQueryKey = ['auth', 'me'] as const

export function meQueryOptions(client: InkwellClient) {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await client.users.me.query()
      } catch (error) {
        if (appCodeOf(error) === 'NOT_AUTHENTICATED') return null
        throw error
      }
    },
    staleTime: 60_000,
  })
}

/** `data`: the user, null when signed out, undefined while the first check runs. */
export function useMe() {
  return useQuery(meQueryOptions(useTRPCClient()))
}
