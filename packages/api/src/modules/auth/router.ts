import type { TRPCRouterRecord } from '@trpc/server'
import { restRoute } from '../../rest/route'
import { deliverSession, issuedOutput, sessionMeta } from '../../shared/issued'
import { okOutput } from '../../shared/schemas'
import { clearSessionCookie, setSessionCookie } from '../../shared/session-cookie'
import { userFromRow, userOutput } from '../../shared/user'
import { publicCredentialProcedure, publicProcedure, sessionProcedure } from '../../trpc'
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
    .meta(restRoute('POST', '/auth/register', 'Create an account and sign in', { public: true }))
    .input(registerInput)
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, issued } = await auth.register(ctx.deps, input, sessionMeta(ctx))
      return deliverSession(ctx, user, issued)
    }),

  login: publicProcedure
    .meta(restRoute('POST', '/auth/login', 'Sign in with email and password', { public: true }))
    .input(loginInput)
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, issued } = await auth.login(ctx.deps, input, sessionMeta(ctx))
      return deliverSession(ctx, user, issued)
    }),

  // Never rate-limited, and the cookie is cleared before anything else can fail.
  logout: publicCredentialProcedure
    .meta(restRoute('POST', '/auth/logout', 'End the current session', { public: true }))
    .output(okOutput)
    .mutation(async ({ ctx }) => {
      clearSessionCookie(ctx)
      const current = await ctx.auth()
      await auth.logout(
        ctx.deps,
        current?.kind === 'session' ? current.session : undefined,
        ctx.req.ip,
      )
      return { ok: true as const }
    }),

  refresh: sessionProcedure
    .meta(restRoute('POST', '/auth/refresh', 'Rotate the session token'))
    .output(refreshOutput)
    .mutation(async ({ ctx }) => {
      const { token, session } = await auth.refresh(
        ctx.deps,
        { sessionId: ctx.session.id, token: ctx.token },
        ctx.req.ipKey,
      )
      setSessionCookie(ctx, token, session.expiresAt)
      return { session: { token, expiresAt: session.expiresAt.toISOString() } }
    }),

  requestPasswordReset: publicCredentialProcedure
    .meta(
      restRoute('POST', '/auth/password-reset/request', 'Mail a password-reset link', {
        public: true,
      }),
    )
    .input(requestPasswordResetInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await auth.requestPasswordReset(ctx.deps, input.email, ctx.req.ipKey)
      return { ok: true as const }
    }),

  resetPassword: publicCredentialProcedure
    .meta(
      restRoute('POST', '/auth/password-reset', 'Set a new password with a reset token', {
        public: true,
      }),
    )
    .input(resetPasswordInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await auth.resetPassword(ctx.deps, input, { ip: ctx.req.ip, ipKey: ctx.req.ipKey })
      return { ok: true as const }
    }),

  requestEmailVerification: sessionProcedure
    .meta(restRoute('POST', '/auth/email-verification/request', 'Mail an email-verification link'))
    .output(okOutput)
    .mutation(async ({ ctx }) => {
      await auth.requestEmailVerification(ctx.deps, ctx.user)
      return { ok: true as const }
    }),

  verifyEmail: publicCredentialProcedure
    .meta(
      restRoute('POST', '/auth/email-verification', 'Verify the email with its token', {
        public: true,
      }),
    )
    .input(verifyEmailInput)
    .output(userOutput)
    .mutation(async ({ ctx, input }) => userFromRow(await auth.verifyEmail(ctx.deps, input.token))),
} satisfies TRPCRouterRecord
