import pg from 'pg'

const RECONNECT_MS = 1_000

/** What a channel does with what arrives, and with the moments it may have missed some. */
export interface ChannelHandlers<T> {
  /** A well-formed message, from any instance (this one included). */
  readonly onMessage: (message: T) => void
  /** The listening connection dropped: messages may be missed until it is back. */
  readonly onOutage: () => void
  /** Listening (again): after an outage, whatever was missed meanwhile is lost for good. */
  readonly onListening?: () => void
}

/**
 * One PostgreSQL `LISTEN/NOTIFY` channel carrying JSON messages between instances: the
 * plumbing of the buses that run over PostgreSQL when there is no Redis. Listening holds one
 * connection of its own (outside the pool) and reconnects after a drop; publishing uses a
 * one-connection pool, opened on first use. `isMessage` drops anything malformed.
 */
export class PostgresNotifyChannel<T> {
  readonly #url: string
  readonly #channel: string
  readonly #isMessage: (value: unknown) => value is T
  #listener: pg.Client | undefined
  #publisher: pg.Pool | undefined
  #listening = false
  #closed = false
  #retry: NodeJS.Timeout | undefined

  /** `channel` is a PostgreSQL identifier: letters, digits and underscores. */
  constructor(url: string, channel: string, isMessage: (value: unknown) => value is T) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name: ${channel}`)
    this.#url = url
    this.#channel = channel
    this.#isMessage = isMessage
  }

  /** Sends `message` to every listener; a failure is swallowed (callers bound staleness). */
  publish(message: T): void {
    if (this.#closed) return
    if (!this.#publisher) {
      this.#publisher = new pg.Pool({ connectionString: this.#url, max: 1 })
      this.#publisher.on('error', () => {})
    }
    this.#publisher
      .query('select pg_notify($1, $2)', [this.#channel, JSON.stringify(message)])
      .catch(() => {})
  }

  isConnected(): boolean {
    return this.#listening
  }

  /** Starts listening; call it once. */
  subscribe(handlers: ChannelHandlers<T>): void {
    const connect = () => {
      if (this.#closed) return
      const client = new pg.Client({ connectionString: this.#url })
      this.#listener = client
      const lost = () => {
        if (this.#listener !== client) return
        this.#listener = undefined
        this.#listening = false
        handlers.onOutage()
        client.end().catch(() => {})
        if (!this.#closed) this.#retry = setTimeout(connect, RECONNECT_MS)
      }
      client.on('error', lost)
      client.on('end', lost)
      client.on('notification', (notification) => {
        if (notification.channel !== this.#channel || !notification.payload) return
        try {
          const message: unknown = JSON.parse(notification.payload)
          if (this.#isMessage(message)) handlers.onMessage(message)
        } catch {
          // not ours: ignore
        }
      })
      client
        .connect()
        .then(() => client.query(`listen ${this.#channel}`))
        .then(() => {
          if (this.#listener !== client) return
          this.#listening = true
          handlers.onListening?.()
        })
        .catch(lost)
    }
    connect()
  }

  /** Stops listening and closes both connections. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    this.#listening = false
    const listener = this.#listener
    this.#listener = undefined
    await Promise.all([listener?.end().catch(() => {}), this.#publisher?.end().catch(() => {})])
  }
}
