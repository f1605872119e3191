import type { SyncState } from '@inkwell/sync'
import { describe, expect, it } from 'vitest'
import { syncStatus, timeAgo } from '../../src/lib/sync-status'

const now = new Date('2026-11-21T10:00:00.000Z')
const idle: SyncState = {
  pending: 0,
  lastSyncedAt: '2026-11-21T09:55:00.000Z',
  online: true,
  syncing: false,
  error: null,
  errors: [],
  conflicts: [],
}

describe('syncStatus', () => {
  it('says all is synced, and when', () => {
    expect(syncStatus(idle, now)).toBe('All changes synced · synced 5 min ago')
  })

  it('counts the changes waiting while offline', () => {
    expect(syncStatus({ ...idle, online: false, pending: 1 }, now)).toBe(
      'Offline · 1 change waiting · synced 5 min ago',
    )
    expect(syncStatus({ ...idle, online: false, pending: 3, lastSyncedAt: null }, now)).toBe(
      'Offline · 3 changes waiting · never synced',
    )
  })

  it('shows a running sync and a failed one', () => {
    expect(syncStatus({ ...idle, syncing: true, pending: 2 }, now)).toBe(
      'Syncing… · 2 changes waiting · synced 5 min ago',
    )
    const error = { kind: 'server', appCode: null, message: '503', at: now.toISOString() } as const
    expect(syncStatus({ ...idle, error, pending: 1 }, now)).toBe(
      'Sync failed · 1 change waiting · synced 5 min ago',
    )
  })
})

describe('timeAgo', () => {
  it('rounds to the unit a person reads', () => {
    const ago = (seconds: number) => timeAgo(new Date(now.getTime() - seconds * 1000), now)
    expect(ago(20)).toBe('just now')
    expect(ago(-5)).toBe('just now')
    expect(ago(90)).toBe('1 min ago')
    expect(ago(3 * 3600)).toBe('3 h ago')
    expect(ago(86_400)).toBe('1 day ago')
    expect(ago(3 * 86_400)).toBe('3 days ago')
  })
})
