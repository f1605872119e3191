import { createClient, type InkwellClient } from './client'

export interface BrowserClientOptions {
  /** Where the API is, relative to the page. Default `''`: the page's own origin (`/trpc`). */
  readonly url?: string
}

/**
 * A client for a web app served from the same origin as the API. It sends no token: the
 * HttpOnly session cookie rides along (`credentials: 'same-origin'`), and the browser's own
 * `Origin` / `Sec-Fetch-Site` headers satisfy the server's CSRF rule. Nothing is stored in JS.
 *
 * @example
 * const inkwell = createBrowserClient()
 * const me = await inkwell.users.me.query()
 */
export function createBrowserClient(options: BrowserClientOptions = {}): InkwellClient {
  return createClient({
    url: options.url ?? '',
    fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: 'same-origin' }),
  })
}
