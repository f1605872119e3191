import type { SessionUser } from '@inkwell/auth'
import type { UserRow } from '@inkwell/db'
import { z } from 'zod'
import { timestamp } from './schemas'

/** `User` on the wire: what every module answers about an account. */
export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['user', 'admin']),
  emailVerified: z.boolean(),
  avatarUrl: z.string().nullable(),
  createdAt: timestamp,
})
export type User = z.infer<typeof userOutput>

/** The public shape of a user row. */
export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    emailVerified: row.email_verified_at !== null,
    avatarUrl: row.avatar_url,
    createdAt: row.created_at.toISOString(),
  }
}

/** The public shape of the user behind a validated session (no query needed). */
export function userFromSession(user: SessionUser): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    avatarUrl: user.avatarUrl,
    createdAt: user.createdAt.toISOString(),
  }
}
