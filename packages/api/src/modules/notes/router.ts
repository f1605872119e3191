import type { TRPCRouterRecord } from '@trpc/server'
import { restRoute } from '../../rest/route'
import { okOutput } from '../../shared/schemas'
import { authedProcedure } from '../../trpc'
import { listChanges } from './changes'
import { emptyTrash, purgeNote } from './life-cycle'
import { noteChangeEvents } from './on-change'
import {
  changesInput,
  changesOutput,
  createInput,
  emptyTrashOutput,
  idOnlyInput,
  listInput,
  listOutput,
  noteFromRow,
  noteOutput,
  onChangeInput,
  tagsOutput,
  updateInput,
} from './schema'
import * as notes from './service'

export const notesRouter = {
  create: authedProcedure
    .meta(restRoute('POST', '/notes', 'Create a note (idempotent with a client-made id)'))
    .input(createInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.createNote(ctx.deps, ctx.user.id, input)),
    ),

  get: authedProcedure
    .meta(restRoute('GET', '/notes/{id}', 'One note'))
    .input(idOnlyInput)
    .output(noteOutput)
    .query(async ({ ctx, input }) =>
      noteFromRow(await notes.getNote(ctx.deps, ctx.user.id, input.id)),
    ),

  list: authedProcedure
    .meta(restRoute('GET', '/notes', 'A page of notes, newest first'))
    .input(listInput)
    .output(listOutput)
    .query(async ({ ctx, input }) => {
      const page = await notes.listNotes(ctx.deps, ctx.user.id, input)
      return { items: page.items.map(noteFromRow), nextCursor: page.nextCursor }
    }),

  update: authedProcedure
    .meta(
      restRoute('PATCH', '/notes/{id}', 'Edit a note (409 VERSION_CONFLICT on a stale version)'),
    )
    .input(updateInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.updateNote(ctx.deps, ctx.user.id, input)),
    ),

  delete: authedProcedure
    .meta(restRoute('DELETE', '/notes/{id}', 'Move a note to the trash'))
    .input(idOnlyInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.trashNote(ctx.deps, ctx.user.id, input.id)),
    ),

  restore: authedProcedure
    .meta(restRoute('POST', '/notes/{id}/restore', 'Take a note out of the trash'))
    .input(idOnlyInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.restoreNote(ctx.deps, ctx.user.id, input.id)),
    ),

  purge: authedProcedure
    .meta(restRoute('POST', '/notes/{id}/purge', 'Delete a trashed note for good'))
    .input(idOnlyInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await purgeNote(ctx.deps, ctx.user.id, input.id)
      return { ok: true as const }
    }),

  emptyTrash: authedProcedure
    .meta(restRoute('DELETE', '/notes/trash', 'Delete every trashed note for good'))
    .output(emptyTrashOutput)
    .mutation(async ({ ctx }) => ({ purged: await emptyTrash(ctx.deps, ctx.user.id) })),

  tags: authedProcedure
    .meta(restRoute('GET', '/notes/tags', 'The tags in use, with counts'))
    .output(tagsOutput)
    .query(({ ctx }) => notes.listTags(ctx.deps, ctx.user.id)),

  changes: authedProcedure
    .meta(restRoute('GET', '/notes/changes', 'Changes since a cursor, for offline sync'))
    .input(changesInput)
    .output(changesOutput)
    .query(async ({ ctx, input }) => {
      const feed = await listChanges(ctx.deps, ctx.user.id, input)
      return {
        changes: feed.changes.map(noteFromRow),
        purged: feed.purged,
        cursor: feed.cursor,
        hasMore: feed.hasMore,
      }
    }),

  onChange: authedProcedure
    .input(onChangeInput)
    .subscription(({ ctx, input, signal }) =>
      noteChangeEvents(ctx.deps, ctx, input.lastEventId, signal),
    ),
} satisfies TRPCRouterRecord
