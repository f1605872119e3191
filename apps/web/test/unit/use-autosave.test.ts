import { act, cleanup, renderHook } from '@testing-library/react'
import { TRPCClientError } from '@trpc/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AutosaveApi, NoteUpdate } from '../../src/pages/note/autosave-api'
import type { Note } from '../../src/pages/note/draft'
import { useAutosave } from '../../src/pages/note/use-autosave'

type NoteFields = Partial<Pick<Note, 'title' | 'content' | 'tags'>>

/** The delay the editor uses (README: "800 ms after typing stops"). */
const DELAY = 800

const note: Note = {
  id: '0b6c1c52-8a65-4c1e-9d7a-3f1f7a0f2e11',
  title: 'Groceries',
  content: 'Milk',
  tags: ['home'],
  version: 1,
  createdAt: '2025-03-01T09:00:00.000Z',
  updatedAt: '2025-03-01T09:00:00.000Z',
  deletedAt: null,
}

/** What the client throws when the request never reached the server. */
const offline = TRPCClientError.from(new TypeError('Failed to fetch'))

/** What the server answers a save made from an older version (API.md: 409 VERSION_CONFLICT). */
function versionConflict(version: number) {
  return TRPCClientError.from({
    error: {
      code: -32009,
      message: `The note has changed since version ${version}`,
      data: { code: 'CONFLICT', httpStatus: 409, appCode: 'VERSION_CONFLICT' },
    },
  })
}

/**
 * The server's copy of the note, with the rule autosave depends on: a save names the version it
 * was made from, is refused when that is not the current one, and makes a new version.
 */
function fakeServer(initial: Note) {
  let stored = initial
  let gate: Promise<void> | undefined
  const write = (fields: NoteFields): Note => {
    stored = {
      ...stored,
      ...fields,
      version: stored.version + 1,
      updatedAt: new Date().toISOString(),
    }
    return stored
  }
  const api = {
    update: vi.fn(async ({ id: _id, version, ...fields }: NoteUpdate) => {
      await gate
      if (version !== stored.version) throw versionConflict(version)
      return write(fields)
    }),
    fetchLatest: vi.fn(async (_id: string) => stored),
    adopt: vi.fn((_note: Note) => {}),
  } satisfies AutosaveApi
  return {
    api,
    get stored() {
      return stored
    },
    /** Another tab or device saves the note. */
    saveElsewhere: (fields: NoteFields) => write(fields),
    /** Keeps saves waiting (a slow network) until the returned function is called. */
    hold() {
      let release = () => {}
      gate = new Promise((resolve) => {
        release = resolve
      })
      return () => {
        gate = undefined
        release()
      }
    },
  }
}

/** Lets every pending promise callback run: a save's round trip, with the clock standing. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Moves the clock on by `ms`, then lets whatever that started finish. */
async function wait(ms: number) {
  await act(async () => {
    vi.advanceTimersByTime(ms)
    await settle()
  })
}

function render(server: ReturnType<typeof fakeServer>) {
  return renderHook(() => useAutosave(note, server.api))
}

beforeEach(() => {
  // Not setImmediate: `settle` needs the real one.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(new Date('2025-03-01T10:00:00.000Z'))
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('useAutosave: debounce', () => {
  it('saves once, 800 ms after the last change, from the version it opened', async () => {
    const server = fakeServer(note)
    const { result } = render(server)
    expect(result.current.state).toEqual({ kind: 'saved', at: note.updatedAt })

    act(() => result.current.change({ title: 'Groceries for Sunday' }))
    expect(result.current.state).toEqual({ kind: 'unsaved' })
    await wait(DELAY - 100)
    act(() => result.current.change({ content: 'Milk, eggs' }))
    await wait(DELAY - 1)
    expect(server.api.update).not.toHaveBeenCalled()

    await wait(1)
    expect(server.api.update).toHaveBeenCalledTimes(1)
    expect(server.api.update).toHaveBeenCalledWith({
      id: note.id,
      version: 1,
      title: 'Groceries for Sunday',
      content: 'Milk, eggs',
      tags: ['home'],
    })
    expect(server.stored.version).toBe(2)
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
    expect(server.api.adopt).toHaveBeenCalledWith(server.stored)

    await wait(DELAY * 5)
    expect(server.api.update).toHaveBeenCalledTimes(1)
  })

  it('sends one save at a time, and the edits made meanwhile after it, from the new version', async () => {
    const server = fakeServer(note)
    const { result } = render(server)
    const release = server.hold()

    act(() => result.current.change({ title: 'Shopping' }))
    await wait(DELAY)
    expect(result.current.state).toEqual({ kind: 'saving' })
    act(() => result.current.change({ content: 'Milk, bread' }))
    expect(result.current.state).toEqual({ kind: 'unsaved' })
    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(1)

    await act(async () => {
      release()
      await settle()
    })
    expect(server.stored).toMatchObject({ version: 2, title: 'Shopping', content: 'Milk' })
    expect(result.current.state).toEqual({ kind: 'unsaved' })

    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(2)
    expect(server.api.update).toHaveBeenLastCalledWith(
      expect.objectContaining({ version: 2, title: 'Shopping', content: 'Milk, bread' }),
    )
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
    expect(server.stored.version).toBe(3)
  })

  it('saves at once on flush (Ctrl+S), without waiting for the delay', async () => {
    const server = fakeServer(note)
    const { result } = render(server)

    act(() => result.current.change({ content: 'Milk, butter' }))
    await act(() => result.current.flush())
    expect(server.stored.content).toBe('Milk, butter')
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })

    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(1)
  })

  it('does not save a note without a title, and says why', async () => {
    const server = fakeServer(note)
    const { result } = render(server)

    act(() => result.current.change({ title: '   ' }))
    await wait(DELAY)
    expect(server.api.update).not.toHaveBeenCalled()
    expect(result.current.state).toEqual({
      kind: 'invalid',
      message: 'Give the note a title to save it.',
    })

    act(() => result.current.change({ title: 'Errands' }))
    await wait(DELAY)
    expect(server.stored.title).toBe('Errands')
  })
})

describe('useAutosave: retry', () => {
  /** An edit whose first save never reached the server. */
  async function failedOnce(content: string) {
    const server = fakeServer(note)
    server.api.update.mockRejectedValueOnce(offline)
    const hook = render(server)
    act(() => hook.result.current.change({ content }))
    await wait(DELAY)
    expect(hook.result.current.state).toEqual({ kind: 'failed', error: offline })
    return { server, result: hook.result }
  }

  it('keeps the edits of a failed save and tries again after the delay', async () => {
    const { server, result } = await failedOnce('Milk, flour')
    expect(result.current.draft.content).toBe('Milk, flour')
    expect(server.stored.version).toBe(1)

    await wait(DELAY - 1)
    expect(server.api.update).toHaveBeenCalledTimes(1)
    await wait(1)
    expect(server.api.update).toHaveBeenCalledTimes(2)
    expect(server.api.update).toHaveBeenLastCalledWith(
      expect.objectContaining({ version: 1, content: 'Milk, flour' }),
    )
    expect(server.stored.content).toBe('Milk, flour')
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
  })

  it('waits twice as long after each failure in a row, up to 30 s, and resets once a save gets through', async () => {
    const server = fakeServer(note)
    for (let i = 0; i < 8; i++) server.api.update.mockRejectedValueOnce(offline)
    const { result } = render(server)
    act(() => result.current.change({ content: 'Milk, butter' }))
    await wait(DELAY)
    // The waits before attempts 2 to 8, each after a failure.
    const waits = [800, 1600, 3200, 6400, 12_800, 25_600, 30_000]
    for (const [i, ms] of waits.entries()) {
      await wait(ms - 1)
      expect(server.api.update).toHaveBeenCalledTimes(i + 1)
      await wait(1)
      expect(server.api.update).toHaveBeenCalledTimes(i + 2)
    }
    // The ninth attempt gets through; the next edit saves after the plain delay again.
    await wait(30_000)
    expect(server.api.update).toHaveBeenCalledTimes(9)
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
    act(() => result.current.change({ content: 'Milk, butter, jam' }))
    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(10)
  })

  it('waits at least as long as the server asks (Retry-After)', async () => {
    const server = fakeServer(note)
    const busy = new TRPCClientError('busy', {
      meta: { response: new Response(null, { status: 503, headers: { 'retry-after': '5' } }) },
    })
    server.api.update.mockRejectedValueOnce(busy)
    const { result } = render(server)
    act(() => result.current.change({ content: 'Milk, honey' }))
    await wait(DELAY)
    expect(result.current.state).toEqual({ kind: 'failed', error: busy })
    await wait(5000 - 1)
    expect(server.api.update).toHaveBeenCalledTimes(1)
    await wait(1)
    expect(server.api.update).toHaveBeenCalledTimes(2)
    expect(server.stored.content).toBe('Milk, honey')
  })

  it('retries at once on Retry (flush), and only once', async () => {
    const { server, result } = await failedOnce('Milk, sugar')
    await act(() => result.current.flush())
    expect(server.api.update).toHaveBeenCalledTimes(2)
    expect(server.stored.content).toBe('Milk, sugar')
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })

    await wait(DELAY * 2)
    expect(server.api.update).toHaveBeenCalledTimes(2)
  })
})

describe('useAutosave: conflict', () => {
  async function conflicted() {
    const server = fakeServer(note)
    const hook = render(server)
    server.saveElsewhere({ content: 'Milk, from the phone' })
    act(() => hook.result.current.change({ content: 'Milk, from the laptop' }))
    await wait(DELAY)
    return { server, result: hook.result }
  }

  it('shows the newer version and saves nothing more until the user chooses', async () => {
    const { server, result } = await conflicted()
    expect(server.api.update).toHaveBeenCalledWith(expect.objectContaining({ version: 1 }))
    expect(server.api.fetchLatest).toHaveBeenCalledWith(note.id)
    expect(result.current.state).toEqual({ kind: 'conflict' })
    expect(result.current.conflict).toEqual(server.stored)
    expect(result.current.conflict?.content).toBe('Milk, from the phone')

    act(() => result.current.change({ title: 'Groceries, still typing' }))
    expect(result.current.state).toEqual({ kind: 'conflict' })
    await wait(DELAY * 3)
    await act(() => result.current.flush())
    expect(server.api.update).toHaveBeenCalledTimes(1)
    expect(server.stored.content).toBe('Milk, from the phone')
  })

  it('"Keep mine" writes the local edits over the newer version', async () => {
    const { server, result } = await conflicted()

    await act(async () => {
      result.current.resolve('mine')
      await settle()
    })
    expect(server.api.update).toHaveBeenCalledTimes(2)
    expect(server.api.update).toHaveBeenLastCalledWith(expect.objectContaining({ version: 2 }))
    expect(server.stored).toMatchObject({ version: 3, content: 'Milk, from the laptop' })
    expect(result.current.conflict).toBeNull()
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
  })

  it('"Take theirs" replaces the local edits, and later edits save from that version', async () => {
    const { server, result } = await conflicted()
    const theirs = server.stored

    act(() => result.current.resolve('theirs'))
    expect(result.current.draft).toEqual({
      title: theirs.title,
      content: 'Milk, from the phone',
      tags: theirs.tags,
    })
    expect(result.current.state).toEqual({ kind: 'saved', at: theirs.updatedAt })
    expect(result.current.conflict).toBeNull()
    expect(server.api.adopt).toHaveBeenLastCalledWith(theirs)
    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(1)

    act(() => result.current.change({ content: 'Milk, from the phone, and tea' }))
    await wait(DELAY)
    expect(server.api.update).toHaveBeenLastCalledWith(expect.objectContaining({ version: 2 }))
    expect(server.stored).toMatchObject({ version: 3, content: 'Milk, from the phone, and tea' })
    expect(result.current.state).toEqual({ kind: 'saved', at: server.stored.updatedAt })
  })

  it('is a failure, not a dialog, when the newer version cannot be fetched', async () => {
    const server = fakeServer(note)
    server.api.fetchLatest.mockRejectedValueOnce(offline)
    const { result } = render(server)
    server.saveElsewhere({ content: 'Milk, from the phone' })

    act(() => result.current.change({ content: 'Milk, from the laptop' }))
    await wait(DELAY)
    expect(result.current.state).toEqual({ kind: 'failed', error: offline })
    expect(result.current.conflict).toBeNull()
  })
})

describe('useAutosave: leaving', () => {
  it('sends pending edits at once when the editor goes away', async () => {
    const server = fakeServer(note)
    const { result, unmount } = render(server)

    act(() => result.current.change({ content: 'Milk, last words' }))
    unmount()
    await act(settle)
    expect(server.api.update).toHaveBeenCalledTimes(1)
    expect(server.stored.content).toBe('Milk, last words')

    await wait(DELAY)
    expect(server.api.update).toHaveBeenCalledTimes(1)
  })

  it('sends nothing when the editor goes away with everything saved', async () => {
    const server = fakeServer(note)
    const { unmount } = render(server)
    unmount()
    await act(settle)
    expect(server.api.update).not.toHaveBeenCalled()
  })

  it('asks the browser to warn before unloading only while edits are unsaved', async () => {
    const server = fakeServer(note)
    const { result } = render(server)
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(unload()).toBe(false)

    act(() => result.current.change({ content: 'Milk, unsaved' }))
    expect(unload()).toBe(true)
    await wait(DELAY)
    expect(unload()).toBe(false)
  })
})

describe('useAutosave: a newer version from elsewhere (live updates)', () => {
  /** The hook as the note page renders it: `note` is whatever the page's query holds now. */
  function renderWith(server: ReturnType<typeof fakeServer>) {
    return renderHook(({ current }: { current: Note }) => useAutosave(current, server.api), {
      initialProps: { current: note },
    })
  }

  it('takes it in silently when there are no unsaved edits', async () => {
    const server = fakeServer(note)
    const { result, rerender } = renderWith(server)
    const theirs = server.saveElsewhere({ content: 'Milk, oranges' })

    rerender({ current: theirs })
    expect(result.current.draft.content).toBe('Milk, oranges')
    expect(result.current.state).toEqual({ kind: 'saved', at: theirs.updatedAt })
    expect(result.current.conflict).toBeNull()

    // The next edit is made from their version: no conflict.
    act(() => result.current.change({ title: 'Fruit' }))
    await wait(DELAY)
    expect(server.api.update).toHaveBeenLastCalledWith(expect.objectContaining({ version: 2 }))
    expect(server.stored).toMatchObject({ version: 3, title: 'Fruit', content: 'Milk, oranges' })
  })

  it('never overwrites unsaved edits: it shows "changed elsewhere" with the choice', async () => {
    const server = fakeServer(note)
    const { result, rerender } = renderWith(server)
    act(() => result.current.change({ content: 'Milk, my own line' }))
    const theirs = server.saveElsewhere({ content: 'Milk, their line' })

    rerender({ current: theirs })
    expect(result.current.draft.content).toBe('Milk, my own line')
    expect(result.current.state).toEqual({ kind: 'conflict' })
    expect(result.current.conflict).toEqual(theirs)
    // The pending save waits for the choice.
    await wait(DELAY * 2)
    expect(server.api.update).not.toHaveBeenCalled()

    act(() => result.current.resolve('mine'))
    await wait(0)
    expect(server.stored).toMatchObject({ version: 3, content: 'Milk, my own line' })
  })

  it('takes theirs when asked to', async () => {
    const server = fakeServer(note)
    const { result, rerender } = renderWith(server)
    act(() => result.current.change({ content: 'Mine' }))
    const theirs = server.saveElsewhere({ content: 'Theirs' })
    rerender({ current: theirs })

    act(() => result.current.resolve('theirs'))
    expect(result.current.draft.content).toBe('Theirs')
    expect(result.current.state).toEqual({ kind: 'saved', at: theirs.updatedAt })
    await wait(DELAY * 2)
    expect(server.api.update).not.toHaveBeenCalled()
  })

  it('is no conflict when the newer version is its own save, seen before the save returned', async () => {
    const server = fakeServer(note)
    const { result, rerender } = renderWith(server)
    // The save lands on the server at once; its answer is slow to come back.
    let release = () => {}
    const answer = new Promise<void>((resolve) => {
      release = resolve
    })
    let own: Note | undefined
    server.api.update.mockImplementationOnce(async ({ id: _id, version: _v, ...fields }) => {
      own = server.saveElsewhere(fields)
      await answer
      return own
    })
    act(() => result.current.change({ content: 'Milk, tea' }))
    await wait(DELAY)
    expect(result.current.state).toEqual({ kind: 'saving' })

    // Its event made the page refetch the note before the answer came.
    rerender({ current: own! })
    expect(result.current.state).toEqual({ kind: 'saving' })
    await act(async () => {
      release()
      await settle()
    })
    expect(result.current.conflict).toBeNull()
    expect(result.current.state).toEqual({ kind: 'saved', at: own!.updatedAt })
    expect(result.current.draft.content).toBe('Milk, tea')
  })
})
