import { randomUUID } from 'node:crypto'
import type { Invalidation } from '@inkwell/auth'
import { AppError } from '../app-error'
import type { NoteEventBus } from './note-event-bus'

/** How many event streams an instance holds open, and how often each rechecks its credential. */
export interface LiveLimits {
  /** Open streams per user on one instance. Default 10. */
  readonly perUser: number
  /** Open streams on one instance, all users together. Default 5,000. */
  readonly total: number
  /**
   * How often a stream checks that its credential still holds, besides the moment a session
   * of its user is revoked: an API token's revocation or expiry is not broadcast. Default 60 s.
   */
  readonly recheckMs: number
}

export const defaultLiveLimits: LiveLimits = { perUser: 10, total: 5_000, recheckMs: 60_000 }

/** Why a stream woke: its user's notes changed, its credential needs a check, or it must end. */
export type Wake = 'change' | 'recheck' | 'end'

/** Where a session invalidation comes from (the session manager): a listener, and its removal. */
export type InvalidationSource = (listener: (invalidation: Invalidation) => void) => () => void

/**
 * One open event stream. Between two reads it keeps nothing but flags, so a burst of changes
 * costs one event and its memory never grows: the client only needs to know it should pull.
 */
export class LiveStream {
  readonly userId: string
  readonly sessionId: string | null
  #changed = false
  #recheck = false
  #ended = false
  #wake: (() => void) | undefined
  readonly #release: (stream: LiveStream) => void

  constructor(userId: string, sessionId: string | null, release: (stream: LiveStream) => void) {
    this.userId = userId
    this.sessionId = sessionId
    this.#release = release
  }

  /** True once the stream was told to end (shutdown) or closed. */
  get ended(): boolean {
    return this.#ended
  }

  markChanged(): void {
    this.#changed = true
    this.#wake?.()
  }

  markRecheck(): void {
    this.#recheck = true
    this.#wake?.()
  }

  /** Ends the stream from outside (shutdown); the next `next()` says `end`. */
  end(): void {
    this.#ended = true
    this.#wake?.()
  }

  /**
   * Waits for the next reason to act: `end` first (shutdown, or the client gone: `signal`),
   * then a credential check, then a change. Waits for a recheck after `recheckMs` regardless.
   */
  async next(signal: AbortSignal | undefined, recheckMs: number): Promise<Wake> {
    if (!this.#ended && !this.#recheck && !this.#changed && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#recheck = true
          done()
        }, recheckMs)
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          this.#wake = undefined
          resolve()
        }
        signal?.addEventListener('abort', done, { once: true })
        this.#wake = done
      })
    }
    if (this.#ended || signal?.aborted) return 'end'
    if (this.#recheck) {
      this.#recheck = false
      return 'recheck'
    }
    this.#changed = false
    return 'change'
  }

  /** Gives the stream's place back; safe to call twice. */
  close(): void {
    this.#ended = true
    this.#wake?.()
    this.#release(this)
  }
}

export interface LiveStreamsOptions {
  /** Carries note events to the other instances. Unset: this instance is the only one. */
  readonly bus?: NoteEventBus | undefined
  /** Session invalidations (revocations), made here or elsewhere. */
  readonly invalidations?: InvalidationSource | undefined
  readonly limits?: Partial<LiveLimits> | undefined
}

/**
 * The note event streams open on this instance, by user, and the fan-out to them: a write
 * calls `notesChanged(userId)` after it commits, which wakes that user's streams here at once
 * and, through the bus (one subscription per instance), on every other instance. A revocation
 * of one of the user's sessions makes the matching streams recheck their credential; `close()`
 * (shutdown) ends them all.
 *
 * @example
 * const live = new LiveStreams({ bus, invalidations: (l) => sessions.onInvalidation(l) })
 * await db.updateTable('notes')…execute()
 * live.notesChanged(userId)
 */
export class LiveStreams {
  readonly limits: LiveLimits
  readonly #instance = randomUUID()
  readonly #bus: NoteEventBus | undefined
  readonly #byUser = new Map<string, Set<LiveStream>>()
  readonly #stopListening: () => void
  #count = 0
  #closed = false

  constructor(options: LiveStreamsOptions = {}) {
    this.limits = { ...defaultLiveLimits, ...options.limits }
    this.#bus = options.bus
    this.#bus?.subscribe({
      onMessage: (event) => {
        if (event.from !== this.#instance) this.#wakeUser(event.userId)
      },
      // Events may have gone by unseen: every client pulls once.
      onMissed: () => {
        for (const streams of this.#byUser.values())
          for (const stream of streams) stream.markChanged()
      },
    })
    this.#stopListening =
      options.invalidations?.((invalidation) => this.#recheck(invalidation)) ?? (() => {})
  }

  /** Streams open on this instance now. */
  get size(): number {
    return this.#count
  }

  /**
   * Tells every open stream of `userId`, on every instance, that the user's notes changed.
   * Call it after the write commits (a client that pulls at once must see it).
   */
  notesChanged(userId: string): void {
    if (this.#closed) return
    this.#wakeUser(userId)
    this.#bus?.publish({ userId, from: this.#instance })
  }

  /**
   * Opens a stream for the user (and session, when the credential is one). Beyond the caps,
   * 429 `TOO_MANY_STREAMS`. Once the instance is closing, the stream starts ended.
   */
  open(userId: string, sessionId: string | null): LiveStream {
    const streams = this.#byUser.get(userId) ?? new Set<LiveStream>()
    if (streams.size >= this.limits.perUser) {
      throw new AppError(
        'TOO_MANY_STREAMS',
        `At most ${this.limits.perUser} open event streams per account: close one first`,
      )
    }
    if (this.#count >= this.limits.total) {
      throw new AppError('TOO_MANY_STREAMS', 'This server holds as many event streams as it can')
    }
    const stream = new LiveStream(userId, sessionId, (s) => this.#release(s))
    if (this.#closed) stream.end()
    streams.add(stream)
    this.#byUser.set(userId, streams)
    this.#count++
    return stream
  }

  /** Ends every stream (shutdown) and refuses to fan out any more; the bus stays the owner's. */
  close(): void {
    this.#closed = true
    this.#stopListening()
    for (const streams of this.#byUser.values()) for (const stream of streams) stream.end()
  }

  #release(stream: LiveStream): void {
    const streams = this.#byUser.get(stream.userId)
    if (!streams?.delete(stream)) return
    this.#count--
    if (streams.size === 0) this.#byUser.delete(stream.userId)
  }

  #wakeUser(userId: string): void {
    const streams = this.#byUser.get(userId)
    if (streams) for (const stream of streams) stream.markChanged()
  }

  #recheck(invalidation: Invalidation): void {
    if ('userId' in invalidation) {
      const streams = this.#byUser.get(invalidation.userId)
      if (streams) for (const stream of streams) stream.markRecheck()
      return
    }
    // A session id alone: few streams per instance, and revocations are rare.
    for (const streams of this.#byUser.values())
      for (const stream of streams)
        if (stream.sessionId === invalidation.sessionId) stream.markRecheck()
  }
}
