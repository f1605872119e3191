import type { TRPCRouterRecord } from '@trpc/server'
import { z } from 'zod'
import { restRoute } from '../../rest/route'
import { okOutput } from '../../shared/schemas'
import { sessionProcedure } from '../../trpc'
import { apiTokenFromRow, apiTokenOutput, createdOutput, createInput, revokeInput } from './schema'
import * as tokens from './service'

/** API tokens (API.md 0.2). Managing them needs a session: an API token gets 403. */
export const tokensRouter = {
  create: sessionProcedure
    .meta(restRoute('POST', '/tokens', 'Create an API token (the secret is shown once)'))
    .input(createInput)
    .output(createdOutput)
    .mutation(async ({ ctx, input }) => {
      const { token, apiToken } = await tokens.createApiToken(ctx.deps, ctx.user.id, input)
      ctx.deps.securityLog.record('apiToken.created', {
        ip: ctx.req.ip,
        actorId: ctx.user.id,
        apiTokenId: apiToken.id,
        scope: apiToken.scope,
      })
      return { token, apiToken: apiTokenFromRow(apiToken) }
    }),

  list: sessionProcedure
    .meta(restRoute('GET', '/tokens', 'The live API tokens'))
    .output(z.array(apiTokenOutput))
    .query(async ({ ctx }) =>
      (await tokens.listApiTokens(ctx.deps, ctx.user.id)).map(apiTokenFromRow),
    ),

  revoke: sessionProcedure
    .meta(restRoute('DELETE', '/tokens/{id}', 'Revoke an API token'))
    .input(revokeInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await tokens.revokeApiToken(ctx.deps, ctx.user.id, input.id)
      ctx.deps.securityLog.record('apiToken.revoked', {
        ip: ctx.req.ip,
        actorId: ctx.user.id,
        apiTokenId: input.id,
      })
      return { ok: true as const }
    }),
} satisfies TRPCRouterRecord
