import { appCodeOf } from '@inkwell/client'
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'

/** Network failures and 5xx are worth another try; a 4xx answer will not change. */
function shouldRetry(failures: number, error: unknown): boolean {
  const code = appCodeOf(error)
  return (code === null || code === 'INTERNAL_ERROR') && failures < 2
}

/**
 * The app's QueryClient. Any call answered `NOT_AUTHENTICATED` (the session expired, was
 * revoked, or the account was disabled) reports to `onSessionEnded`, in one place.
 */
export function createQueryClient(onSessionEnded: () => void): QueryClient {
  const watch = (error: unknown) => {
    if (appCodeOf(error) === 'NOT_AUTHENTICATED') onSessionEnded()
  }
  return new QueryClient({
    queryCache: new QueryCache({ onError: watch }),
    mutationCache: new MutationCache({ onError: watch }),
    defaultOptions: {
      // Stale at once: each visit to a page refetches in the background, so edits made on
      // another device show up, and an ended session is noticed on the next navigation.
      queries: { staleTime: 0, retry: shouldRetry },
      mutations: { retry: false },
    },
  })
}
