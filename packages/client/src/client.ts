import type { AppRouter } from '@inkwell/api'
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client'

/** The server refuses batches above this many calls; the client never sends more. */
export const MAX_BATCH_SIZE = 10

export interface ClientOptions {
  /** The server's base URL, e.g. `http://localhost:3000` (the client adds `/trpc`). */
  readonly url: string
  /** A bearer token, or a function that returns the current one (it may change on refresh). */
  readonly token?: string | (() => string | null | undefined | Promise<string | null | undefined>)
  /** A fetch to use instead of the global one (tests, React Native, custom agents). */
  readonly fetch?: typeof fetch
  /** Extra headers on every request. */
  readonly headers?: Record<string, string>
}

export type InkwellClient = TRPCClient<AppRouter>

/**
 * A typed client for the Inkwell API. Calls made in the same tick go out as one batch.
 *
 * @example
 * const inkwell = createClient({ url: 'http://localhost:3000', token: process.env.INKWELL_TOKEN })
 * const me = await inkwell.users.me.query()
 */
export function createClient(options: ClientOptions): InkwellClient {
  const { token } = options
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/+$/, '')}/trpc`,
        maxItems: MAX_BATCH_SIZE,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        async headers() {
          const bearer = typeof token === 'function' ? await token() : token
          return { ...options.headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }
        },
      }),
    ],
  })
}
