import type { TRPCRouterRecord } from '@trpc/server'
import { z } from 'zod'
import { deliverSession, sessionMeta } from '../../shared/issued'
import { okOutput } from '../../shared/schemas'
import { clearSessionCookie } from '../../shared/session-cookie'
import { authedProcedure } from '../../trpc'
import {
  changePasswordInput,
  issuedOutput,
  revokeSessionInput,
  sessionFromRecord,
  sessionOutput,
  updateInput,
  userFromRow,
  userFromSession,
  userOutput,
} from './schema'
import * as users from './service'

export const usersRouter = {
  me: authedProcedure.output(userOutput).query(({ ctx }) => userFromSession(ctx.user)),

  update: authedProcedure
    .input(updateInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) =>
      userFromRow(await users.updateProfile(ctx.deps, ctx.user.id, input)),
    ),

  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, issued } = await users.changePassword(
        ctx.deps,
        ctx.user.id,
        input,
        sessionMeta(ctx),
      )
      return deliverSession(ctx, user, issued)
    }),

  sessions: authedProcedure.output(z.array(sessionOutput)).query(async ({ ctx }) => {
    const sessions = await users.listSessions(ctx.deps, ctx.user.id)
    return sessions.map((s) => sessionFromRecord(s, ctx.session.id))
  }),

  revokeSession: authedProcedure
    .input(revokeSessionInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await users.revokeSession(ctx.deps, ctx.user.id, input.id)
      if (input.id === ctx.session.id) clearSessionCookie(ctx)
      return { ok: true as const }
    }),

  revokeOtherSessions: authedProcedure.output(okOutput).mutation(async ({ ctx }) => {
    await users.revokeOtherSessions(ctx.deps, ctx.user.id, ctx.session.id)
    return { ok: true as const }
  }),
} satisfies TRPCRouterRecord
