import { appCodeOf } from '@inkwell/client'
import { type EngineContext, opsFor } from './context'
import { classify, SyncRunError } from './failure'
import { addConflictCopy } from './local-writes'
import { editsOf, project } from './merge'
import type { Note } from './note'

/** The most pages one run pulls (100 notes each by default); the rest come in the next. */
const MAX_PAGES_PER_RUN = 1000

async function fetchPage(ctx: EngineContext, since: string | null) {
  try {
    return await ctx.client.notes.changes.query({
      ...(since ? { since } : {}),
      limit: ctx.pageSize,
    })
  } catch (error) {
    // Too old, or not this user's feed (the store changed hands): start over either way.
    const code = appCodeOf(error)
    if (since && (code === 'CURSOR_EXPIRED' || code === 'INVALID_CURSOR')) return 'expired' as const
    throw new SyncRunError(classify(error), { cause: error })
  }
}

/** A note the server sent: stored as it is, under our pending ops for it. */
async function applyChange(ctx: EngineContext, note: Note): Promise<void> {
  const mine = opsFor(await ctx.store.listOps(), note.id)
  const view = mine.length === 0 ? note : project(note, mine, ctx.now())
  if (view) await ctx.store.putNote(view)
}

/**
 * A note deleted for good elsewhere goes here too, with the ops aimed at it; edits not yet on
 * the server are kept, together, as a new note.
 */
async function applyPurge(ctx: EngineContext, id: string): Promise<void> {
  const mine = opsFor(await ctx.store.listOps(), id)
  const ours = editsOf(mine, null)
  for (const op of mine) await ctx.store.deleteOp(op.seq)
  await ctx.store.deleteNote(id)
  if (ours) await addConflictCopy(ctx, ours)
}

/**
 * Pulls every change since the stored cursor, page by page, saving the cursor after each. With
 * no cursor (a first sync, or after `CURSOR_EXPIRED`) it reads the whole feed, saves the cursor
 * at the end, and drops local notes the server no longer has unless writes for them are pending.
 */
export async function pullChanges(ctx: EngineContext): Promise<void> {
  let since = (await ctx.store.getMeta()).cursor
  let full = since === null
  const seen = new Set<string>()
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const feed = await fetchPage(ctx, since)
    if (feed === 'expired') {
      since = null
      full = true
      continue
    }
    await ctx.exclusive(async () => {
      for (const note of feed.changes) {
        seen.add(note.id)
        await applyChange(ctx, note)
      }
      for (const id of feed.purged) await applyPurge(ctx, id)
      if (!full) await ctx.store.setMeta({ cursor: feed.cursor })
    })
    since = feed.cursor
    if (!feed.hasMore) {
      if (full) await sweep(ctx, seen, feed.cursor)
      return
    }
  }
}

/** Notes checked per request when sweeping (one batched request, the client's batch cap). */
const SWEEP_BATCH = 10

/**
 * After a full pull: the local notes the feed did not mention, with no pending writes, were
 * deleted for good meanwhile, or were written after the pull had read past their place in the
 * feed. Each is asked for by id, so only the deleted ones go.
 */
async function sweep(ctx: EngineContext, seen: ReadonlySet<string>, cursor: string) {
  const pending = new Set((await ctx.store.listOps()).map((op) => op.noteId))
  const unseen = (await ctx.store.listNotes())
    .map((note) => note.id)
    .filter((id) => !seen.has(id) && !pending.has(id))
  for (let i = 0; i < unseen.length; i += SWEEP_BATCH) {
    const ids = unseen.slice(i, i + SWEEP_BATCH)
    const found = await Promise.all(ids.map((id) => fetchNote(ctx, id)))
    await ctx.exclusive(async () => {
      const busy = new Set((await ctx.store.listOps()).map((op) => op.noteId))
      for (const [index, id] of ids.entries()) {
        if (busy.has(id)) continue
        const note = found[index]
        if (note) await ctx.store.putNote(note)
        else await ctx.store.deleteNote(id)
      }
    })
  }
  await ctx.store.setMeta({ cursor })
}

/** The server's note, or null when it has none by that id. */
async function fetchNote(ctx: EngineContext, id: string): Promise<Note | null> {
  try {
    return await ctx.client.notes.get.query({ id })
  } catch (error) {
    if (appCodeOf(error) === 'NOTE_NOT_FOUND') return null
    throw new SyncRunError(classify(error), { cause: error })
  }
}
