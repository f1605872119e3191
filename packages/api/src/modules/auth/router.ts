import type { TRPCRouterRecord } from '@trpc/server'
import { deliverSession, sessionMeta } from '../../shared/issued'
import { okOutput } from '../../shared/schemas'
import { clearSessionCookie, setSessionCookie } from '../../shared/session-cookie'
import { authedProcedure, publicProcedure } from '../../trpc'
import { issuedOutput, userFromRow, userOutput } from '../users/schema'
import {
  loginInput,
  refreshOutput,
  registerInput,
  requestPasswordResetInput,
  resetPasswordInput,
  verifyEmailInput,
} from './schema'
import * as auth from './service'

export const authRouter = {
  register: publicProcedure
    .input(registerInput)
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, issued } = await auth.register(ctx.deps, input, sessionMeta(ctx))
      return deliverSession(ctx, user, issued)
    }),

  login: publicProcedure
    .input(loginInput)
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, issued } = await auth.login(ctx.deps, input, sessionMeta(ctx))
      return deliverSession(ctx, user, issued)
    }),

  logout: publicProcedure.output(okOutput).mutation(async ({ ctx }) => {
    await auth.logout(ctx.deps, (await ctx.auth())?.session, ctx.req.ip)
    clearSessionCookie(ctx)
    return { ok: true as const }
  }),

  refresh: authedProcedure.output(refreshOutput).mutation(async ({ ctx }) => {
    const { token, session } = await auth.refresh(
      ctx.deps,
      { sessionId: ctx.session.id, token: ctx.token },
      ctx.req.ip,
    )
    setSessionCookie(ctx, token, session.expiresAt)
    return { session: { token, expiresAt: session.expiresAt.toISOString() } }
  }),

  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await auth.requestPasswordReset(ctx.deps, input.email, ctx.req.ip)
      return { ok: true as const }
    }),

  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await auth.resetPassword(ctx.deps, input, ctx.req.ip)
      return { ok: true as const }
    }),

  requestEmailVerification: authedProcedure.output(okOutput).mutation(async ({ ctx }) => {
    await auth.requestEmailVerification(ctx.deps, ctx.user)
    return { ok: true as const }
  }),

  verifyEmail: publicProcedure
    .input(verifyEmailInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) => userFromRow(await auth.verifyEmail(ctx.deps, input.token))),
} satisfies TRPCRouterRecord
