import { type EngineContext, nextSeq, opsFor } from './context'
import { conflictTitle, project } from './merge'
import { type Note, type NoteDraft, type NoteFields, type NotePatch, normalizePatch } from './note'
import type { PendingOp } from './store'

type NewOp = PendingOp extends infer O
  ? O extends PendingOp
    ? Omit<O, 'seq' | 'attempted' | 'parked'>
    : never
  : never

/** Queues an op; a person's write beyond `maxPending` throws (a conflict copy never does). */
async function append(
  ctx: EngineContext,
  ops: readonly PendingOp[],
  op: NewOp,
  bounded = true,
): Promise<void> {
  if (bounded && ops.length >= ctx.maxPending) {
    throw new Error(`Too many changes waiting to sync (${ctx.maxPending}); connect to sync them`)
  }
  await ctx.store.putOp({ ...op, seq: nextSeq(ops), attempted: false, parked: null } as PendingOp)
}

async function noteOrThrow(ctx: EngineContext, id: string): Promise<Note> {
  const note = await ctx.store.getNote(id)
  if (!note) throw new Error(`No note ${id} in the local store`)
  return note
}

/** A new local note (version 0 until the server has it), queued as a create. */
export async function createLocal(ctx: EngineContext, draft: NoteDraft): Promise<Note> {
  const patch = normalizePatch(draft)
  const fields: NoteFields = {
    title: patch.title ?? '',
    content: patch.content ?? '',
    tags: patch.tags ?? [],
  }
  return addCreate(ctx, await ctx.store.listOps(), fields)
}

/** Queues a create of a note with a new client id, and stores it locally. */
export async function addCreate(
  ctx: EngineContext,
  ops: readonly PendingOp[],
  fields: NoteFields,
  bounded = true,
): Promise<Note> {
  const now = ctx.now()
  const note: Note = {
    id: ctx.newId(),
    ...fields,
    version: 0,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  }
  await append(ctx, ops, { kind: 'create', noteId: note.id, fields }, bounded)
  await ctx.store.putNote(note)
  return note
}

/** Keeps our version of a note as a new note, titled as a conflict copy. */
export async function addConflictCopy(ctx: EngineContext, ours: NoteFields): Promise<Note> {
  const fields = { ...ours, title: conflictTitle(ours.title) }
  const copy = await addCreate(ctx, await ctx.store.listOps(), fields, false)
  ctx.conflictCopied(copy.id)
  return copy
}

/**
 * Edits a note locally. The edit joins the note's create while that cannot have reached the
 * server yet, or else its last queued op when that is an edit not yet sent, and re-queues it if
 * the server had refused it; otherwise it queues a new edit on the note as it is locally now.
 */
export async function updateLocal(ctx: EngineContext, id: string, patch: NotePatch): Promise<Note> {
  const note = await noteOrThrow(ctx, id)
  const changes = normalizePatch(patch)
  const ops = await ctx.store.listOps()
  const mine = opsFor(ops, id)
  const first = mine[0]
  const last = mine.at(-1)
  if (first?.kind === 'create' && !first.attempted) {
    await ctx.store.putOp({ ...first, fields: { ...first.fields, ...changes }, parked: null })
  } else if (last?.kind === 'update' && !last.attempted) {
    await ctx.store.putOp({ ...last, changes: { ...last.changes, ...changes }, parked: null })
  } else {
    await append(ctx, ops, { kind: 'update', noteId: id, base: note, changes })
  }
  const updated: Note = { ...note, ...changes, updatedAt: ctx.now() }
  await ctx.store.putNote(updated)
  return updated
}

/** Trashes (or restores) a note locally; a queued opposite that never left is cancelled. */
export async function setTrashedLocal(
  ctx: EngineContext,
  id: string,
  trashed: boolean,
): Promise<Note> {
  const note = await noteOrThrow(ctx, id)
  if ((note.deletedAt !== null) === trashed) return note
  const ops = await ctx.store.listOps()
  const last = opsFor(ops, id).at(-1)
  const opposite = trashed ? 'restore' : 'trash'
  if (last?.kind === opposite && !last.attempted) await ctx.store.deleteOp(last.seq)
  else await append(ctx, ops, { kind: trashed ? 'trash' : 'restore', noteId: id })
  const now = ctx.now()
  const updated: Note = { ...note, deletedAt: trashed ? now : null, updatedAt: now }
  await ctx.store.putNote(updated)
  return updated
}

/** Deletes a trashed note for good locally; a note the server never saw just goes. */
export async function purgeLocal(ctx: EngineContext, id: string): Promise<void> {
  const note = await noteOrThrow(ctx, id)
  if (note.deletedAt === null) throw new Error('Move the note to the trash first')
  const ops = await ctx.store.listOps()
  const mine = opsFor(ops, id)
  if (mine[0]?.kind === 'create' && !mine[0].attempted) {
    for (const op of mine) await ctx.store.deleteOp(op.seq)
  } else {
    await append(ctx, ops, { kind: 'purge', noteId: id })
  }
  await ctx.store.deleteNote(id)
}

/** Queues a parked op again, as if never sent. */
export async function retryParked(ctx: EngineContext, seq: number): Promise<void> {
  const op = (await ctx.store.listOps()).find((o) => o.seq === seq)
  if (op?.parked) await ctx.store.putOp({ ...op, parked: null, attempted: false })
}

/**
 * Drops a parked op. The local note goes back to what the server last had: a refused create's
 * note (and its later ops) goes, a refused edit's note returns to its base.
 */
export async function discardParked(ctx: EngineContext, seq: number): Promise<void> {
  const ops = await ctx.store.listOps()
  const op = ops.find((o) => o.seq === seq)
  if (!op?.parked) return
  if (op.kind === 'create') {
    for (const other of opsFor(ops, op.noteId)) await ctx.store.deleteOp(other.seq)
    await ctx.store.deleteNote(op.noteId)
    return
  }
  await ctx.store.deleteOp(seq)
  if (op.kind !== 'update') return
  const rest = opsFor(ops, op.noteId).filter((o) => o.seq !== seq)
  const view = project(op.base, rest, ctx.now())
  if (view) await ctx.store.putNote(view)
}
