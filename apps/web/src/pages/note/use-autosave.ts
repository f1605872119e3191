import { appCodeOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTRPC } from '../../lib/trpc'
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

/**
 * Edits to a note, saved a moment after typing stops. Each save sends the version it was made
 * from; when someone else saved in between, the server refuses (`VERSION_CONFLICT`) and the
 * newer version is fetched, so the user can choose which one to keep. Nothing is lost silently.
 */
export function useAutosave(note: Note, delayMs = 800): Autosave {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const update = useMutation(trpc.notes.update.mutationOptions())
  const { mutateAsync } = update

  const [draft, setDraft] = useState<Draft>(() => draftOf(note))
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: note.updatedAt })
  const [conflict, setConflict] = useState<Note | null>(null)
  const latest = useRef(draft)
  const version = useRef(note.version)
  const dirty = useRef(false)
  const saving = useRef<Promise<void> | null>(null)
  const conflicted = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  const remember = useCallback(
    (saved: Note) => {
      version.current = saved.version
      queryClient.setQueryData(trpc.notes.get.queryKey({ id: saved.id }), saved)
      void queryClient.invalidateQueries(trpc.notes.list.pathFilter())
      void queryClient.invalidateQueries(trpc.notes.tags.pathFilter())
    },
    [queryClient, trpc],
  )

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
        const saved = await mutateAsync({
          id: note.id,
          version: version.current,
          title: snapshot.title,
          content: snapshot.content,
          tags: [...snapshot.tags],
        })
        remember(saved)
        setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: saved.updatedAt })
      } catch (error) {
        dirty.current = true
        if (appCodeOf(error) !== 'VERSION_CONFLICT') {
          setState({ kind: 'failed', error })
          return
        }
        conflicted.current = true
        setState({ kind: 'conflict' })
        try {
          setConflict(
            await queryClient.fetchQuery({
              ...trpc.notes.get.queryOptions({ id: note.id }),
              staleTime: 0,
            }),
          )
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
    // Typed on while that save was in flight: save again shortly.
    if (dirty.current && !conflicted.current) timer.current = setTimeout(() => void save(), delayMs)
  }, [mutateAsync, note.id, remember, queryClient, trpc, delayMs])

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
