import type { InkwellClient } from '@inkwell/client'

/**
 * Calls `onChange` whenever the account's notes change on the server, from any device
 * (`notes.onChange`, over server-sent events; the client reconnects and resumes by itself).
 * Returns the function that stops listening. A stream that fails (offline, a revoked session)
 * is left to the sync engine, whose own runs report it.
 */
export function listenForChanges(client: InkwellClient, onChange: () => void): () => void {
  const subscription = client.notes.onChange.subscribe(undefined, {
    onData: onChange,
    onError: () => {},
  })
  return () => subscription.unsubscribe()
}
