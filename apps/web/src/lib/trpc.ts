import type { AppRouter } from '@inkwell/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'

/**
 * `useTRPC()` gives typed query and mutation options for TanStack Query:
 * `useQuery(trpc.notes.get.queryOptions({ id }))`.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()
