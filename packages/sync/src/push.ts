import { appCodeOf, conflictingNoteOf } from '@inkwell/client'
import { type EngineContext, opsFor } from './context'
import { classify, SyncRunError } from './failure'
import { addConflictCopy } from './local-writes'
import { editsOf, mergeEdit, project } from './merge'
import { fieldsOf, type Note, type NoteFields } from './note'
import type { PendingOp } from './store'

/** How a pushed op ended. */
type Outcome =
  | { readonly type: 'done'; readonly note: Note }
  /** The note is gone from the server, and that is what the op wanted (or no longer matters). */
  | { readonly type: 'gone' }
  /** Keep the server's note (null: gone) in place, and ours as a new note. */
  | { readonly type: 'copy'; readonly server: Note | null; readonly ours: NoteFields }
  | { readonly type: 'parked'; readonly error: unknown; readonly server?: Note }

/** A merge retried this often against an ever-changing note gives up until the next run. */
const MERGE_ATTEMPTS = 3

/** A failure the run stops for; a refused op is parked instead. */
function refusedOrThrow(error: unknown): Outcome {
  const failure = classify(error)
  if (failure.kind !== 'refused') throw new SyncRunError(failure, { cause: error })
  return { type: 'parked', error }
}

async function pushUpdate(
  ctx: EngineContext,
  op: Extract<PendingOp, { kind: 'update' }>,
): Promise<Outcome> {
  const base = fieldsOf(op.base)
  const ours = { ...base, ...op.changes }
  let version = op.base.version
  let changes = op.changes
  for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
    try {
      const note = await ctx.client.notes.update.mutate({ id: op.noteId, version, ...changes })
      return { type: 'done', note }
    } catch (error) {
      const current = conflictingNoteOf(error)
      if (!current) {
        if (appCodeOf(error) === 'NOTE_NOT_FOUND') return { type: 'copy', server: null, ours }
        return refusedOrThrow(error)
      }
      const merged = mergeEdit(base, op.changes, current)
      if (merged === 'conflict') return { type: 'copy', server: current, ours }
      if (Object.keys(merged).length === 0) return { type: 'done', note: current }
      version = current.version
      changes = merged
    }
  }
  throw new SyncRunError({
    kind: 'server',
    appCode: 'VERSION_CONFLICT',
    message: 'The note kept changing while merging; trying again later',
  })
}

/** Sends one op; a lost answer makes a retry of it harmless (see the README). */
async function send(ctx: EngineContext, op: PendingOp): Promise<Outcome> {
  const { notes } = ctx.client
  const id = op.noteId
  try {
    switch (op.kind) {
      case 'create':
        return { type: 'done', note: await notes.create.mutate({ id, ...op.fields }) }
      case 'update':
        return await pushUpdate(ctx, op)
      case 'trash':
        return { type: 'done', note: await notes.delete.mutate({ id }) }
      case 'restore':
        return { type: 'done', note: await notes.restore.mutate({ id }) }
      case 'purge':
        await notes.purge.mutate({ id })
        return { type: 'gone' }
    }
  } catch (error) {
    if (error instanceof SyncRunError) throw error
    if (appCodeOf(error) === 'NOTE_NOT_FOUND') {
      if (op.kind !== 'restore') return { type: 'gone' }
      // Restored here, deleted for good elsewhere: keep what we have as a new note.
      const local = await ctx.store.getNote(id)
      return local ? { type: 'copy', server: null, ours: fieldsOf(local) } : { type: 'gone' }
    }
    if (op.kind === 'purge' && appCodeOf(error) === 'NOT_IN_TRASH') {
      // Restored on another device: keep it, and say why our purge did not happen.
      return { type: 'parked', error, server: await notes.get.query({ id }).catch(() => undefined) }
    }
    return refusedOrThrow(error)
  }
}

/**
 * A refused create's note is not on the server, so edits queued after the create join it: an
 * edit that fixes the note then fixes the create, and retrying it sends the note as it is.
 */
async function foldEditsIntoCreate(ctx: EngineContext, noteId: string): Promise<void> {
  const [create, ...later] = opsFor(await ctx.store.listOps(), noteId)
  if (create?.kind !== 'create') return
  let fields = create.fields
  for (const op of later) {
    if (op.kind !== 'update') continue
    fields = { ...fields, ...op.changes }
    await ctx.store.deleteOp(op.seq)
  }
  await ctx.store.putOp({ ...create, fields })
}

/** Writes an op's outcome: the queue, the local view, and the ops after it. */
async function apply(ctx: EngineContext, op: PendingOp, outcome: Outcome): Promise<void> {
  const { store } = ctx
  const now = ctx.now()
  if (outcome.type === 'parked') {
    const failure = classify(outcome.error)
    await store.putOp({
      ...op,
      attempted: false,
      parked: {
        appCode: failure.appCode,
        message: failure.message,
        ...(failure.fieldErrors ? { fieldErrors: failure.fieldErrors } : {}),
        at: now,
      },
    })
    if (outcome.server) await store.putNote(outcome.server)
    if (op.kind === 'create') await foldEditsIntoCreate(ctx, op.noteId)
    return
  }
  await store.deleteOp(op.seq)
  const later = opsFor(await store.listOps(), op.noteId)
  const server =
    outcome.type === 'done' ? outcome.note : outcome.type === 'copy' ? outcome.server : null
  if (server) {
    if (outcome.type === 'copy') await addConflictCopy(ctx, outcome.ours)
    // The ops after this one were made on top of it: they start from what the server has now.
    for (const next of later) {
      if (next.kind === 'update') await store.putOp({ ...next, base: server })
    }
    const view = project(server, later, now)
    if (view) await store.putNote(view)
    else await store.deleteNote(op.noteId)
    return
  }
  // Gone from the server: so is the local note, and any op still aimed at it. Our edits to it
  // (this op's and the later ones) are kept as one new note.
  const ours = editsOf(later, outcome.type === 'copy' ? outcome.ours : null)
  for (const next of later) await store.deleteOp(next.seq)
  await store.deleteNote(op.noteId)
  if (ours) await addConflictCopy(ctx, ours)
}

/**
 * The oldest op that may go: not parked, and not behind a parked op of the same note (a
 * refused create or edit holds the note's later ops until it is retried or discarded).
 */
function nextToPush(ops: readonly PendingOp[]): PendingOp | undefined {
  const held = new Set<string>()
  for (const op of ops) {
    if (op.parked) held.add(op.noteId)
    else if (!held.has(op.noteId)) return op
  }
  return undefined
}

/** The most ops one run pushes, so a run ends; the rest go in the next. */
const MAX_OPS_PER_RUN = 1000

/**
 * Pushes the queue in order, oldest first, skipping parked ops. An op is marked attempted
 * before it is sent, so a crash or a lost answer leaves it to be replayed as it was.
 */
export async function pushQueue(ctx: EngineContext): Promise<void> {
  for (let i = 0; i < MAX_OPS_PER_RUN; i++) {
    const op = await ctx.exclusive(async () => {
      const next = nextToPush(await ctx.store.listOps())
      if (!next || next.attempted) return next
      const marked = { ...next, attempted: true }
      await ctx.store.putOp(marked)
      return marked
    })
    if (!op) return
    const outcome = await send(ctx, op)
    await ctx.exclusive(() => apply(ctx, op, outcome))
  }
}
