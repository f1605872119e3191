import type { ApiDeps } from './deps'

/**
 * Deletes what can never be used again: expired sessions, and spent or expired single-use
 * tokens. Reads filter these out anyway; this keeps the tables from growing. Safe to run on
 * every instance at once.
 */
export async function purgeExpired(
  deps: Pick<ApiDeps, 'sessions' | 'oneTimeTokens'>,
): Promise<{ sessions: number; tokens: number }> {
  const [sessions, tokens] = await Promise.all([
    deps.sessions.deleteExpired(),
    deps.oneTimeTokens.deleteSpent(),
  ])
  return { sessions, tokens }
}
