import type { Invalidation, InvalidationBus } from '@inkwell/auth'
import type { Redis } from 'ioredis'
import { isInvalidation } from '../invalidation-message'

/**
 * Session invalidations over Redis pub/sub: every instance subscribed to the channel drops
 * its cached copy of a revoked session within moments. A subscribed Redis connection can do
 * nothing else, hence the second connection.
 */
export class RedisInvalidationBus implements InvalidationBus {
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #channel: string
  #subscribed = false

  constructor(publisher: Redis, subscriber: Redis, channel = 'inkwell:sessions:invalidate') {
    this.#publisher = publisher
    this.#subscriber = subscriber
    this.#channel = channel
  }

  publish(invalidation: Invalidation): void {
    // The cache's TTL bounds staleness if this message is lost; a failure must not fail the request.
    this.#publisher.publish(this.#channel, JSON.stringify(invalidation)).catch(() => {})
  }

  isConnected(): boolean {
    return this.#subscribed && this.#publisher.status === 'ready'
  }

  subscribe(onInvalidation: (invalidation: Invalidation) => void, onOutage: () => void): void {
    const subscribe = () => {
      this.#subscriber.subscribe(this.#channel).then(
        () => {
          this.#subscribed = true
        },
        () => {},
      )
    }
    // ioredis re-subscribes after a reconnect; until it has, messages may have been missed.
    this.#subscriber.on('close', () => {
      this.#subscribed = false
      onOutage()
    })
    this.#subscriber.on('ready', subscribe)
    this.#publisher.on('close', onOutage)
    if (this.#subscriber.status === 'ready') subscribe()
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.#channel) return
      try {
        const invalidation: unknown = JSON.parse(message)
        if (isInvalidation(invalidation)) onInvalidation(invalidation)
      } catch {
        // not ours: ignore
      }
    })
  }
}
