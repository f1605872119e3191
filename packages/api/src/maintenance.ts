import { defineJob } from '@inkwell/jobs'
import { z } from 'zod'
import { pruneTombstones, purgeOldTrash } from './modules/notes/life-cycle'
import { deleteExpiredApiTokens } from './modules/tokens/service'
import type { ApiDeps } from './wiring/api-deps'

export interface PurgeCounts {
  readonly sessions: number
  readonly tokens: number
  readonly apiTokens: number
  readonly trashedNotes: number
  readonly tombstones: number
}

/**
 * Deletes what can never be used again: expired sessions and API tokens, spent or expired
 * single-use tokens, notes trashed over 30 days ago, and tombstones over 90 days old. Reads
 * filter the first three out anyway; this keeps the tables from growing. Safe to run on every
 * instance at once; the server runs it hourly as `purgeExpiredJob`, on one instance per hour.
 */
export async function purgeExpired(
  deps: Pick<ApiDeps, 'db' | 'sessions' | 'oneTimeTokens' | 'live'>,
): Promise<PurgeCounts> {
  const [sessions, tokens, apiTokens, trashedNotes] = await Promise.all([
    deps.sessions.deleteExpired(),
    deps.oneTimeTokens.deleteSpent(),
    deleteExpiredApiTokens(deps.db),
    purgeOldTrash(deps),
  ])
  const tombstones = await pruneTombstones(deps)
  return { sessions, tokens, apiTokens, trashedNotes, tombstones }
}

/** `purgeExpired` every hour, on one instance of the cluster (a pg-boss cron schedule). */
export const purgeExpiredJob = defineJob({
  name: 'maintenance.purge-expired',
  payload: z.object({}),
  schedule: { cron: '0 * * * *' },
  // The next hour's run catches up anyway: two quick retries are plenty.
  retry: { retryLimit: 2, retryDelaySeconds: 60, expireInSeconds: 15 * 60 },
  async handle(_payload, deps: ApiDeps) {
    await purgeExpired(deps)
  },
})
