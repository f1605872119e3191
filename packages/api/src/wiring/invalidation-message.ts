import type { Invalidation } from '@inkwell/auth'

/** True for a well-formed invalidation message from another instance (Redis or PostgreSQL). */
export function isInvalidation(value: unknown): value is Invalidation {
  if (typeof value !== 'object' || value === null) return false
  const { sessionId, userId } = value as { sessionId?: unknown; userId?: unknown }
  return typeof sessionId === 'string' || typeof userId === 'string'
}
