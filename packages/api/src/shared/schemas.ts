import { z } from 'zod'

/**
 * A string PostgreSQL can store or compare: anything but U+0000, which `text` cannot hold
 * (refused up front as a validation error, not a failed query and a 500). The base of every
 * text input.
 */
export const text = () =>
  z.string().refine((value) => !value.includes('\u0000'), { error: 'Remove the NUL character' })

/** An email as typed by a person: trimmed and lower-cased before it is checked. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'Enter a valid email address' }))

/** A new password: 8..256 characters, no composition rules (NIST SP 800-63B). */
export const newPasswordInput = z
  .string()
  .min(8, { error: 'Use at least 8 characters' })
  .max(256, { error: 'Use at most 256 characters' })

export const nameInput = text().trim().min(1, { error: 'Enter a name' }).max(100)

/** A page size: 1..100, 20 when absent. */
export const limitInput = z.number().int().min(1).max(100).default(20)

/** Any string a client echoes back from an earlier page; checked when decoded. */
export const cursorInput = z.string().max(512)

export const idInput = z.uuid({ error: 'Not a valid id' })

/** A timestamp on the wire: ISO-8601 in UTC. */
export const timestamp = z.string()

/** `Page<T>`: one page of items and the cursor of the next (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const okOutput = z.object({ ok: z.literal(true) })
