import type { ApiTokenRow } from '@inkwell/db'
import { z } from 'zod'
import { idInput, text, timestamp } from '../../shared/schemas'

/** Live API tokens one user may hold at once (API.md). */
export const LIVE_TOKENS_MAX = 20
export const NAME_MAX = 64

export const scopeInput = z.enum(['read', 'write'])

export const createInput = z.object({
  name: text()
    .trim()
    .min(1, { error: 'Give the token a name' })
    .max(NAME_MAX, { error: `A name has at most ${NAME_MAX} characters` }),
  scope: scopeInput,
  expiresInDays: z.number().int().min(1).max(365).default(90),
})
export const revokeInput = z.object({ id: idInput })

export const apiTokenOutput = z.object({
  id: z.string(),
  name: z.string(),
  scope: scopeInput,
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp,
})
export type ApiToken = z.infer<typeof apiTokenOutput>

/** The secret is in `token`, shown this once; `apiToken` is what `tokens.list` shows later. */
export const createdOutput = z.object({ token: z.string(), apiToken: apiTokenOutput })

/** The public shape of a token row (never its hash). */
export function apiTokenFromRow(row: Omit<ApiTokenRow, 'token_hash' | 'user_id'>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at.toISOString(),
  }
}
