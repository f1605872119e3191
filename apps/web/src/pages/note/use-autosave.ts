import { appCodeOf, retryAfterMsOf } from '@inkwell/client'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AutosaveApi } from './autosave-api'
import { type Draft, draftOf, type Note } from './draft'

export type SaveState =
  | { readonly kind: 'saved'; readonly at: string }
  | { readonly kind: 'unsaved' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'conflict' }

export interface Autosave {
  readonly draft: Draft
  readonly state: SaveState
  /** The server's newer version, while a save was refused with `VERSION_CONFLICT`. */
  readonly conflict: Note | null
  change(patch: Partial<Draft>): void
  /** Saves now (Ctrl+S, Retry, before leaving); resolves when done. */
  flush(): Promise<void>
  /** Ends a conflict: take the server's version, or write ours over it. */
  resolve(choice: 'theirs' | 'mine'): void
}

/** The longest wait between the automatic retries of a save that keeps failing. */
const RETRY_MAX_MS = 30_000

/**
 * Edits to a note, saved a moment after typing stops. Each save sends the version it was made
 * from; when someone else saved in between, the server refuses (`VERSION_CONFLICT`) and the
 * newer version is fetched, so the user can choose which one to keep. Nothing is lost silently.
 * A failed save is retried after the delay, then twice as long after each failure in a row (up
 * to 30 s), and never sooner than the server's `Retry-After`.
 *
 * A newer `note` (the page refetched it: it changed elsewhere) is taken in silently while there
 * are no unsaved edits; with unsaved edits it is a conflict to resolve, as above. A save in
 * flight is waited for first: the newer version may be that save's own.
 *
 * `api` must keep its identity across renders (`useAutosaveApi()` does): a new one counts as
 * the editor going away, which sends the pending edits at once.
 *
 * @example
 * const { draft, state, change } = useAutosave(note, useAutosaveApi())
 */
export function useAutosave(note: Note, api: AutosaveApi, delayMs = 800): Autosave {
  const [draft, setDraft] = useState<Draft>(() => draftOf(note))
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: note.updatedAt })
  const [conflict, setConflict] = useState<Note | null>(null)
  const latest = useRef(draft)
  const version = useRef(note.version)
  const dirty = useRef(false)
  const saving = useRef<Promise<void> | null>(null)
  const conflicted = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  /** The newest version the page has handed in. */
  const incoming = useRef(note)
  /** Saves failed in a row, and the wait the last failure asked for. */
  const failures = useRef(0)
  const retryAfter = useRef(0)

  const remember = useCallback(
    (saved: Note) => {
      version.current = saved.version
      api.adopt(saved)
    },
    [api],
  )

  /** Takes in `incoming` if it is newer than what the editor works from (see above). */
  const considerIncoming = useCallback(() => {
    const theirs = incoming.current
    if (saving.current || theirs.version <= version.current) return
    if (conflicted.current || dirty.current) {
      clearTimeout(timer.current)
      conflicted.current = true
      setConflict((shown) => (shown && shown.version >= theirs.version ? shown : theirs))
      setState({ kind: 'conflict' })
      return
    }
    latest.current = draftOf(theirs)
    setDraft(latest.current)
    version.current = theirs.version
    setState({ kind: 'saved', at: theirs.updatedAt })
  }, [])

  const save = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current)
    if (saving.current) return saving.current
    if (conflicted.current || !dirty.current) return
    const snapshot = latest.current
    if (!snapshot.title.trim()) {
      setState({ kind: 'invalid', message: 'Give the note a title to save it.' })
      return
    }
    dirty.current = false
    setState({ kind: 'saving' })
    const run = async () => {
      try {
        const saved = await api.update({
          id: note.id,
          version: version.current,
          title: snapshot.title,
          content: snapshot.content,
          tags: [...snapshot.tags],
        })
        remember(saved)
        failures.current = 0
        setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: saved.updatedAt })
      } catch (error) {
        dirty.current = true
        if (appCodeOf(error) !== 'VERSION_CONFLICT') {
          failures.current++
          retryAfter.current = retryAfterMsOf(error) ?? 0
          setState({ kind: 'failed', error })
          return
        }
        conflicted.current = true
        setState({ kind: 'conflict' })
        try {
          setConflict(await api.fetchLatest(note.id))
        } catch (fetchError) {
          conflicted.current = false
          setState({ kind: 'failed', error: fetchError })
        }
      }
    }
    saving.current = run().finally(() => {
      saving.current = null
    })
    await saving.current
    considerIncoming()
    // Typed on while that save was in flight, or it failed: save again shortly.
    if (dirty.current && !conflicted.current) {
      const backoff = Math.min(delayMs * 2 ** Math.max(failures.current - 1, 0), RETRY_MAX_MS)
      const waitMs = failures.current === 0 ? delayMs : Math.max(backoff, retryAfter.current)
      timer.current = setTimeout(() => void save(), waitMs)
    }
  }, [api, note.id, remember, considerIncoming, delayMs])

  const change = useCallback(
    (patch: Partial<Draft>) => {
      latest.current = { ...latest.current, ...patch }
      setDraft(latest.current)
      dirty.current = true
      if (conflicted.current) return
      setState({ kind: 'unsaved' })
      clearTimeout(timer.current)
      timer.current = setTimeout(() => void save(), delayMs)
    },
    [save, delayMs],
  )

  const resolve = useCallback(
    (choice: 'theirs' | 'mine') => {
      if (!conflict) return
      conflicted.current = false
      setConflict(null)
      if (choice === 'theirs') {
        latest.current = draftOf(conflict)
        setDraft(latest.current)
        dirty.current = false
        remember(conflict)
        setState({ kind: 'saved', at: conflict.updatedAt })
      } else {
        version.current = conflict.version
        dirty.current = true
        void save()
      }
    },
    [conflict, remember, save],
  )

  useEffect(() => {
    incoming.current = note
    considerIncoming()
  }, [note, considerIncoming])

  // Leaving the page: warn while edits are unsaved, and send them if the editor goes away.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current || saving.current) event.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => {
      window.removeEventListener('beforeunload', warn)
      void save()
    }
  }, [save])

  return { draft, state, conflict, change, flush: save, resolve }
}
