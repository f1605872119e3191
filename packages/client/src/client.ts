import type { AppRouter } from '@inkwell/api'
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  isNonJsonSerializable,
  splitLink,
  type TRPCClient,
} from '@trpc/client'
import { EventSource } from 'eventsource'

/** The server refuses batches above this many calls; the client never sends more. */
export const MAX_BATCH_SIZE = 10

/**
 * How to reach the server and who to be. Browsers use `createBrowserClient` instead (cookie
 * sessions); apps and scripts pass a bearer token here.
 *
 * @example
 * const options: ClientOptions = { url: 'https://notes.example.com', token: () => store.token }
 */
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

type EventSourceFetch = NonNullable<ConstructorParameters<typeof EventSource>[1]>['fetch'] & {}

/**
 * A typed client for the Inkwell API. Calls made in the same tick go out as one batch; a call
 * whose input is `FormData` or binary (an avatar upload) goes alone, as multipart/form-data.
 * Subscriptions (`notes.onChange`) run over server-sent events, through an `EventSource` that
 * sends the same headers (the bearer token) and reconnects, resuming from the last event.
 *
 * @example
 * const inkwell = createClient({ url: 'http://localhost:3000', token: process.env.INKWELL_TOKEN })
 * const me = await inkwell.users.me.query()
 *
 * const form = new FormData()
 * form.append('file', await fs.openAsBlob('me.png'))
 * const { avatarUrl } = await inkwell.users.uploadAvatar.mutate(form)
 *
 * const live = inkwell.notes.onChange.subscribe(undefined, { onData: () => pullChanges() })
 * live.unsubscribe()
 */
export function createClient(options: ClientOptions): InkwellClient {
  const { token } = options
  const url = `${options.url.replace(/\/+$/, '')}/trpc`
  async function headers(): Promise<Record<string, string>> {
    const bearer = typeof token === 'function' ? await token() : token
    return { ...options.headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }
  }
  const link = { url, ...(options.fetch ? { fetch: options.fetch } : {}), headers }
  // Called for every (re)connection, so a refreshed token is the one sent.
  const eventSourceFetch: EventSourceFetch = async (input, init) =>
    (options.fetch ?? globalThis.fetch)(input, {
      ...init,
      headers: { ...init.headers, ...(await headers()) },
    })
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource,
          eventSourceOptions: { fetch: eventSourceFetch },
        }),
        false: splitLink({
          // A batch is JSON: FormData and bytes cannot ride in one, so they get a request each.
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink(link),
          false: httpBatchLink({ ...link, maxItems: MAX_BATCH_SIZE }),
        }),
      }),
    ],
  })
}
