import type { Invalidation, InvalidationBus } from '@inkwell/auth'
import { isInvalidation } from '../invalidation-message'
import { PostgresNotifyChannel } from './notify-channel'

/**
 * Session invalidations over PostgreSQL `LISTEN/NOTIFY`, for several instances that share a
 * PostgreSQL but no Redis: every instance listening on the channel drops its cached copy of
 * a revoked session within moments. Listening holds one connection of its own (outside the
 * pool); it reconnects after a drop, and reports the outage so the cache empties meanwhile.
 */
export class PostgresInvalidationBus implements InvalidationBus {
  readonly #channel: PostgresNotifyChannel<Invalidation>

  /** `channel` is a PostgreSQL identifier: letters, digits and underscores. */
  constructor(url: string, channel = 'inkwell_sessions_invalidate') {
    this.#channel = new PostgresNotifyChannel(url, channel, isInvalidation)
  }

  publish(invalidation: Invalidation): void {
    // The cache's TTL bounds staleness if this is lost; a failure must not fail the request.
    this.#channel.publish(invalidation)
  }

  isConnected(): boolean {
    return this.#channel.isConnected()
  }

  subscribe(onInvalidation: (invalidation: Invalidation) => void, onOutage: () => void): void {
    this.#channel.subscribe({ onMessage: onInvalidation, onOutage })
  }

  /** Stops listening and closes both connections. */
  close(): Promise<void> {
    return this.#channel.close()
  }
}
