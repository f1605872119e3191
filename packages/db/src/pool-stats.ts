/**
 * The connection pool at one moment, for metrics: node-postgres's `totalCount`, `idleCount`
 * and `waitingCount`. The embedded database is a pool of one (its single session).
 */
export interface PoolStats {
  /** Connections open. */
  readonly total: number
  /** Open and unused; `total - idle` are in use. */
  readonly idle: number
  /** Queries (or transactions) waiting for a connection. */
  readonly waiting: number
}
