import type { TRPCRouterRecord } from '@trpc/server'
import { z } from 'zod'
import { restRoute } from '../../rest/route'
import { deliverSession, issuedOutput, sessionMeta } from '../../shared/issued'
import { okOutput } from '../../shared/schemas'
import { clearSessionCookie } from '../../shared/session-cookie'
import { userFromRow, userFromSession, userOutput } from '../../shared/user'
import { authedProcedure, sessionProcedure } from '../../trpc'
import * as avatars from './avatars'
import {
  changePasswordInput,
  revokeSessionInput,
  sessionFromRecord,
  sessionOutput,
  updateInput,
  uploadAvatarInput,
} from './schema'
import * as users from './service'

export const usersRouter = {
  me: authedProcedure
    .meta(restRoute('GET', '/users/me', 'The signed-in user'))
    .output(userOutput)
    .query(({ ctx }) => userFromSession(ctx.user)),

  update: authedProcedure
    .meta(restRoute('PATCH', '/users/me', 'Update the profile'))
    .input(updateInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) =>
      userFromRow(await users.updateProfile(ctx.deps, ctx.user.id, input)),
    ),

  uploadAvatar: authedProcedure
    // Rate-limited before the input (the multipart body) is even read.
    .use(async ({ ctx, next }) => {
      await avatars.assertUploadAllowed(ctx.deps, ctx.user.id)
      return next()
    })
    .input(uploadAvatarInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) =>
      userFromRow(await avatars.uploadAvatar(ctx.deps, ctx.user.id, input.file)),
    ),

  deleteAvatar: authedProcedure
    .meta(restRoute('DELETE', '/users/me/avatar', 'Remove the avatar'))
    .output(userOutput)
    .mutation(async ({ ctx }) => userFromRow(await avatars.deleteAvatar(ctx.deps, ctx.user.id))),

  changePassword: sessionProcedure
    .meta(restRoute('POST', '/users/me/password', 'Change the password (ends every other session)'))
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

  sessions: sessionProcedure
    .meta(restRoute('GET', '/users/me/sessions', 'The live sessions'))
    .output(z.array(sessionOutput))
    .query(async ({ ctx }) => {
      const sessions = await users.listSessions(ctx.deps, ctx.user.id)
      return sessions.map((s) => sessionFromRecord(s, ctx.session.id))
    }),

  revokeSession: sessionProcedure
    .meta(restRoute('DELETE', '/users/me/sessions/{id}', 'End one session'))
    .input(revokeSessionInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await users.revokeSession(ctx.deps, { userId: ctx.user.id, ip: ctx.req.ip }, input.id)
      if (input.id === ctx.session.id) clearSessionCookie(ctx)
      return { ok: true as const }
    }),

  revokeOtherSessions: sessionProcedure
    .meta(restRoute('POST', '/users/me/sessions/revoke-others', 'End every other session'))
    .output(okOutput)
    .mutation(async ({ ctx }) => {
      await users.revokeOtherSessions(
        ctx.deps,
        { userId: ctx.user.id, ip: ctx.req.ip },
        ctx.session.id,
      )
      return { ok: true as const }
    }),
} satisfies TRPCRouterRecord
