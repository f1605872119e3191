import type { InkwellClient } from '@inkwell/client'

/**
 * On phones, no live stream: React Native's fetch cannot read a response body as it arrives,
 * which server-sent events need. The sync engine's periodic runs (every 30 s), pull to refresh
 * and coming back online pull other devices' changes instead. The web build listens
 * (`live-changes.web.ts`).
 */
export function listenForChanges(_client: InkwellClient, _onChange: () => void): () => void {
  return () => {}
}
