import type { TRPCRouterRecord } from '@trpc/server'
import { authedProcedure } from '../../trpc'
import { listChanges } from './changes'
import {
  changesInput,
  changesOutput,
  createInput,
  idOnlyInput,
  listInput,
  listOutput,
  noteFromRow,
  noteOutput,
  tagsOutput,
  updateInput,
} from './schema'
import * as notes from './service'

export const notesRouter = {
  create: authedProcedure
    .input(createInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.createNote(ctx.deps, ctx.user.id, input)),
    ),

  get: authedProcedure
    .input(idOnlyInput)
    .output(noteOutput)
    .query(async ({ ctx, input }) =>
      noteFromRow(await notes.getNote(ctx.deps, ctx.user.id, input.id)),
    ),

  list: authedProcedure
    .input(listInput)
    .output(listOutput)
    .query(async ({ ctx, input }) => {
      const page = await notes.listNotes(ctx.deps, ctx.user.id, input)
      return { items: page.items.map(noteFromRow), nextCursor: page.nextCursor }
    }),

  update: authedProcedure
    .input(updateInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.updateNote(ctx.deps, ctx.user.id, input)),
    ),

  delete: authedProcedure
    .input(idOnlyInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.trashNote(ctx.deps, ctx.user.id, input.id)),
    ),

  restore: authedProcedure
    .input(idOnlyInput)
    .output(noteOutput)
    .mutation(async ({ ctx, input }) =>
      noteFromRow(await notes.restoreNote(ctx.deps, ctx.user.id, input.id)),
    ),

  tags: authedProcedure
    .output(tagsOutput)
    .query(({ ctx }) => notes.listTags(ctx.deps, ctx.user.id)),

  changes: authedProcedure
    .input(changesInput)
    .output(changesOutput)
    .query(async ({ ctx, input }) => {
      const feed = await listChanges(ctx.deps, ctx.user.id, input)
      return { changes: feed.changes.map(noteFromRow), cursor: feed.cursor, hasMore: feed.hasMore }
    }),
} satisfies TRPCRouterRecord
