import {
  isNotesChanged,
  type NoteEventBus,
  type NoteEventHandlers,
  type NotesChanged,
} from '../../live/note-event-bus'
import { PostgresNotifyChannel } from './notify-channel'

/** Note events over PostgreSQL `LISTEN/NOTIFY`, for instances that share no Redis. */
export class PostgresNoteEventBus implements NoteEventBus {
  readonly #channel: PostgresNotifyChannel<NotesChanged>
  #outage = false

  /** `channel` is a PostgreSQL identifier: letters, digits and underscores. */
  constructor(url: string, channel = 'inkwell_notes_changed') {
    this.#channel = new PostgresNotifyChannel(url, channel, isNotesChanged)
  }

  publish(event: NotesChanged): void {
    this.#channel.publish(event)
  }

  subscribe(handlers: NoteEventHandlers): void {
    this.#channel.subscribe({
      onMessage: handlers.onMessage,
      onOutage: () => {
        this.#outage = true
      },
      onListening: () => {
        if (this.#outage) handlers.onMissed()
        this.#outage = false
      },
    })
  }

  close(): Promise<void> {
    return this.#channel.close()
  }
}
