import type { SyncState } from '@inkwell/sync'

/**
 * One line about where the local copy stands, for the sync indicator: what is waiting, and
 * when it last reached the server.
 *
 * @example
 * syncStatus(state, new Date()) // "Offline · 2 changes waiting · synced 5 min ago"
 */
export function syncStatus(state: SyncState, now: Date): string {
  const parts: string[] = []
  if (state.syncing) parts.push('Syncing…')
  else if (!state.online) parts.push('Offline')
  else if (state.error) parts.push('Sync failed')
  if (state.pending > 0)
    parts.push(`${state.pending} ${state.pending === 1 ? 'change' : 'changes'} waiting`)
  else if (!state.syncing && state.online && !state.error) parts.push('All changes synced')
  parts.push(
    state.lastSyncedAt ? `synced ${timeAgo(new Date(state.lastSyncedAt), now)}` : 'never synced',
  )
  return parts.join(' · ')
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function timeAgo(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000))
  if (seconds < 60) return 'just now'
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.floor(hours / 24)
  return `${days} ${days === 1 ? 'day' : 'days'} ago`
}
