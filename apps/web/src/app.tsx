import { createBrowserClient } from '@inkwell/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { endSession } from './auth/session'
import { createQueryClient } from './lib/query-client'
import { TRPCProvider } from './lib/trpc'
import { Routes } from './routes'

/** The providers (TanStack Query, tRPC) around the routes. */
export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient(() => endSession(client))
    return client
  })
  // Same origin as the API: the HttpOnly session cookie is the only credential.
  const [trpcClient] = useState(() => createBrowserClient())
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Routes />
      </TRPCProvider>
    </QueryClientProvider>
  )
}
