import type { TRPCRouterRecord } from '@trpc/server'
import { restRoute } from '../../rest/route'
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
      .meta(restRoute('GET', '/admin/users', 'A page of users (admins only)'))
      .input(listInput)
      .output(listOutput)
      .query(async ({ ctx, input }) => {
        const page = await admin.listUsers(ctx.deps, input)
        return { items: page.items.map(adminUserFromRow), nextCursor: page.nextCursor }
      }),

    get: adminProcedure
      .meta(restRoute('GET', '/admin/users/{id}', 'One user (admins only)'))
      .input(getInput)
      .output(adminUserOutput)
      .query(async ({ ctx, input }) => adminUserFromRow(await admin.getUser(ctx.deps, input.id))),

    update: adminProcedure
      .meta(
        restRoute(
          'PATCH',
          '/admin/users/{id}',
          "Change a user's name, role or disabled flag (admins only)",
        ),
      )
      .input(updateInput)
      .output(adminUserOutput)
      .mutation(async ({ ctx, input }) =>
        adminUserFromRow(
          await admin.updateUser(ctx.deps, { id: ctx.user.id, ip: ctx.req.ip }, input),
        ),
      ),

    delete: adminProcedure
      .meta(restRoute('DELETE', '/admin/users/{id}', 'Delete a user (admins only)'))
      .input(deleteInput)
      .output(okOutput)
      .mutation(async ({ ctx, input }) => {
        await admin.deleteUser(ctx.deps, { id: ctx.user.id, ip: ctx.req.ip }, input.id)
        return { ok: true as const }
      }),
  },
} satisfies TRPCRouterRecord
