import { describe, expect, it } from 'vitest'
import { AppError } from '../src/app-error'
import { LiveStreams } from '../src/live/live-streams'

const ada = '00000000-0000-4000-8000-00000000000a'
const bob = '00000000-0000-4000-8000-00000000000b'
const HOUR = 3_600_000

function appCodeOf(fn: () => unknown): string | null {
  try {
    fn()
    return null
  } catch (error) {
    return error instanceof AppError ? error.appCode : 'not an AppError'
  }
}

describe('LiveStreams', () => {
  it('caps open streams per user and per instance with TOO_MANY_STREAMS', () => {
    const live = new LiveStreams({ limits: { perUser: 2, total: 3 } })
    const first = live.open(ada, null)
    live.open(ada, null)
    expect(appCodeOf(() => live.open(ada, null))).toBe('TOO_MANY_STREAMS')
    live.open(bob, null)
    expect(live.size).toBe(3)
    expect(appCodeOf(() => live.open(bob, null))).toBe('TOO_MANY_STREAMS')

    first.close()
    first.close() // twice is harmless
    expect(live.size).toBe(2)
    expect(appCodeOf(() => live.open(bob, null))).toBeNull()
  })

  it('folds a burst of changes into one wake-up, and wakes only the user concerned', async () => {
    const live = new LiveStreams()
    const adas = live.open(ada, null)
    const bobs = live.open(bob, null)
    for (let i = 0; i < 100; i++) live.notesChanged(ada)
    expect(await adas.next(undefined, HOUR)).toBe('change')
    const next = adas.next(undefined, HOUR)
    const bobsNext = bobs.next(undefined, HOUR)
    live.notesChanged(bob)
    expect(await bobsNext).toBe('change')
    live.close()
    // The burst was one event: after it, Ada's stream had nothing until the close.
    expect(await next).toBe('end')
  })

  it('asks the streams of a revoked session (or user) to recheck their credential', async () => {
    let revoke: (invalidation: { sessionId: string } | { userId: string }) => void = () => {}
    const live = new LiveStreams({
      invalidations: (listener) => {
        revoke = listener
        return () => {}
      },
    })
    const session = live.open(ada, 'session-1')
    const token = live.open(ada, null)
    const other = live.open(bob, 'session-2')
    revoke({ sessionId: 'session-1' })
    expect(await session.next(undefined, HOUR)).toBe('recheck')
    revoke({ userId: ada })
    expect(await token.next(undefined, HOUR)).toBe('recheck')
    // Bob's stream was not asked: it waits for its next reason.
    const bobsNext = other.next(undefined, HOUR)
    live.notesChanged(bob)
    expect(await bobsNext).toBe('change')
  })

  it('ends streams at close, and starts any opened afterwards ended', async () => {
    const live = new LiveStreams()
    const open = live.open(ada, null)
    const waiting = open.next(undefined, HOUR)
    live.close()
    expect(await waiting).toBe('end')
    expect(live.open(bob, null).ended).toBe(true)
  })

  it('ends a stream whose client went away, and rechecks after recheckMs regardless', async () => {
    const live = new LiveStreams()
    const stream = live.open(ada, null)
    expect(await stream.next(undefined, 10)).toBe('recheck')
    const gone = new AbortController()
    const next = stream.next(gone.signal, HOUR)
    gone.abort()
    expect(await next).toBe('end')
  })
})
