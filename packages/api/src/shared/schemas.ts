import { z } from 'zod'

/**
 * A string PostgreSQL can store or compare: anything but U+0000, which `text` cannot hold
 * (refused up front as a validation error, not a failed query and a 500). The base of every
 * text input.
 */
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const text = () =>
  z
    .string()
    .refine((value) => !value.includes('\u0000'), { error: 'Remove the NUL character' })
    // A lone UTF-16 surrogate is no character at all: PostgreSQL's text and JSON refuse it.
    .refine((value) => !LONE_SURROGATE.test(value), { error: 'Remove the broken character' })

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

/** A UUID, lower-cased: ids compare equal however a client cased them. */
export const idInput = z.uuid({ error: 'Not a valid id' }).toLowerCase()

/** A timestamp on the wire: ISO-8601 in UTC. */
export const timestamp = z.string()

/**
 * A list input whose length is checked before its items. Zod checks every item first and
 * reports one issue per bad item, so an over-long list of junk would cost time (and an error
 * answer) in proportion to its length; here it costs one cheap pass and one message. Use it
 * for every array in an input.
 *
 * @example
 * const tags = arrayInput(tag, 20, { error: 'At most 20 tags' }) // 20,000 items: one message
 */
export function arrayInput<T extends z.ZodType>(
  item: T,
  max: number,
  options: { readonly error: string },
): z.ZodType<z.output<T>[], z.input<T>[]> {
  const checked = z.array(z.unknown()).max(max, { error: options.error }).pipe(z.array(item))
  // The length check sees `unknown[]`; the pipe then parses every item with `item`, so the
  // input type clients see is the item's own, not `unknown[]`.
  return checked as unknown as z.ZodType<z.output<T>[], z.input<T>[]>
}

/** `Page<T>`: one page of items and the cursor of the next (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const okOutput = z.object({ ok: z.literal(true) })
