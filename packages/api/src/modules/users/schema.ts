import type { Session, SessionUser } from '@inkwell/auth'
import type { UserRow } from '@inkwell/db'
import { z } from 'zod'
import { idInput, nameInput, newPasswordInput, timestamp } from '../../shared/schemas'

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

export const sessionOutput = z.object({
  id: z.string(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
})

export const issuedOutput = z.object({
  user: userOutput,
  session: z.object({ token: z.string(), expiresAt: timestamp }),
})

export const updateInput = z.object({ name: nameInput.optional() })
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: newPasswordInput,
})
export const revokeSessionInput = z.object({ id: idInput })

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

/** The public shape of a session; `current` marks the caller's own. */
export function sessionFromRecord(
  session: Session,
  currentSessionId: string,
): z.infer<typeof sessionOutput> {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    userAgent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  }
}
