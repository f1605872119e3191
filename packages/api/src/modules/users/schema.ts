import type { Session } from '@inkwell/auth'
import { z } from 'zod'
import { idInput, nameInput, newPasswordInput, timestamp } from '../../shared/schemas'

export const sessionOutput = z.object({
  id: z.string(),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
})

export const updateInput = z.object({ name: nameInput.optional() })
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: newPasswordInput,
})
export const revokeSessionInput = z.object({ id: idInput })

/**
 * `users.uploadAvatar` takes `FormData` with the image as `file` (multipart/form-data on the
 * wire, e.g. `curl -F file=@me.png`). What the file is, is judged later, by its bytes.
 */
export const uploadAvatarInput = z.instanceof(FormData).transform((form, ctx) => {
  const file = form.get('file')
  if (file instanceof Blob) return { file }
  ctx.issues.push({
    code: 'custom',
    input: file,
    path: ['file'],
    message: 'Attach the image as the form field "file"',
  })
  return z.NEVER
})

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
