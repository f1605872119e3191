import type { Redis } from 'ioredis'
import {
  isNotesChanged,
  type NoteEventBus,
  type NoteEventHandlers,
  type NotesChanged,
} from '../../live/note-event-bus'

/**
 * Note events over Redis pub/sub. It shares the instance's subscriber connection with the
 * session invalidations (a subscribed connection can listen to several channels).
 */
export class RedisNoteEventBus implements NoteEventBus {
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #channel: string

  constructor(publisher: Redis, subscriber: Redis, channel = 'inkwell:notes:changed') {
    this.#publisher = publisher
    this.#subscriber = subscriber
    this.#channel = channel
  }

  publish(event: NotesChanged): void {
    // At most once: a lost message costs a client a late refresh, never the request.
    this.#publisher.publish(this.#channel, JSON.stringify(event)).catch(() => {})
  }

  subscribe(handlers: NoteEventHandlers): void {
    let lost = false
    const subscribe = () => {
      this.#subscriber.subscribe(this.#channel).then(
        () => {
          if (lost) handlers.onMissed()
          lost = false
        },
        () => {},
      )
    }
    this.#subscriber.on('close', () => {
      lost = true
    })
    this.#subscriber.on('ready', subscribe)
    if (this.#subscriber.status === 'ready') subscribe()
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.#channel) return
      try {
        const event: unknown = JSON.parse(message)
        if (isNotesChanged(event)) handlers.onMessage(event)
      } catch {
        // not ours: ignore
      }
    })
  }

  async close(): Promise<void> {
    await this.#subscriber.unsubscribe(this.#channel).catch(() => {})
  }
}
