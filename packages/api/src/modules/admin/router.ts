import type { TRPCRouterRecord } from '@trpc/server'
import { okOutput } from '../../shared/schemas'
import { adminProcedure } from '../../trpc'
import {
  adminUserFromRow,
  adminUserOutput,
  deleteInput,
  getInput,
  listInput,
  listOutput,
  updateInput,
} from './schema'
import * as admin from './service'

export const adminRouter = {
  users: {
    list: adminProcedure
      .input(listInput)
      .output(listOutput)
      .query(async ({ ctx, input }) => {
        const page = await admin.listUsers(ctx.deps, input)
        return { items: page.items.map(adminUserFromRow), nextCursor: page.nextCursor }
      }),

    get: adminProcedure
      .input(getInput)
      .output(adminUserOutput)
      .query(async ({ ctx, input }) => adminUserFromRow(await admin.getUser(ctx.deps, input.id))),

    update: adminProcedure
      .input(updateInput)
      .output(adminUserOutput)
      .mutation(async ({ ctx, input }) =>
        adminUserFromRow(await admin.updateUser(ctx.deps, ctx.user.id, input)),
      ),

    delete: adminProcedure
      .input(deleteInput)
      .output(okOutput)
      .mutation(async ({ ctx, input }) => {
        await admin.deleteUser(ctx.deps, ctx.user.id, input.id)
        return { ok: true as const }
      }),
  },
} satisfies TRPCRouterRecord
