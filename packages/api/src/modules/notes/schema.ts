import type { NoteRow } from '@inkwell/db'
import { z } from 'zod'
import { cursorInput, idInput, limitInput, pageOf, text, timestamp } from '../../shared/schemas'

export const TITLE_MAX = 200
export const CONTENT_MAX = 100_000
export const TAGS_MAX = 20
export const TAG_MAX = 32
/** The largest version PostgreSQL's `integer` column holds; a bigger one would fail the query. */
const VERSION_MAX = 2_147_483_647

/** One tag: trimmed, lower-cased, 1..32 characters. */
const tag = text()
  .trim()
  .toLowerCase()
  .min(1, { error: 'A tag cannot be empty' })
  .max(TAG_MAX, { error: `A tag has at most ${TAG_MAX} characters` })

/** Up to 20 tags, de-duplicated after normalising (so `Work` and `work ` count once). */
const tags = z
  .array(tag)
  .transform((list) => [...new Set(list)])
  .pipe(z.array(z.string()).max(TAGS_MAX, { error: `At most ${TAGS_MAX} tags` }))

const title = text()
  .trim()
  .min(1, { error: 'Give the note a title' })
  .max(TITLE_MAX, { error: `A title has at most ${TITLE_MAX} characters` })
const content = text().max(CONTENT_MAX, { error: `A note has at most ${CONTENT_MAX} characters` })

export const noteOutput = z.object({
  id: z.string(),
  title: z.string(),
  content: z.string(),
  tags: z.array(z.string()),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
})
export type Note = z.infer<typeof noteOutput>

export const createInput = z.object({ title, content: content.default(''), tags: tags.default([]) })
export const idOnlyInput = z.object({ id: idInput })
export const updateInput = z.object({
  id: idInput,
  version: z.number().int().min(1).max(VERSION_MAX),
  title: title.optional(),
  content: content.optional(),
  tags: tags.optional(),
})

export const listInput = z
  .object({
    cursor: cursorInput.optional(),
    limit: limitInput,
    tag: tag.optional(),
    // Any text is a valid search (API.md); a NUL, which PostgreSQL cannot take, counts as a space.
    search: z
      .string()
      .max(500)
      .transform((text) => text.replaceAll('\u0000', ' '))
      .optional(),
    trashed: z.boolean().default(false),
  })
  .default({ limit: 20, trashed: false })
export const listOutput = pageOf(noteOutput)

export const tagsOutput = z.array(z.object({ tag: z.string(), count: z.number() }))

export const changesInput = z
  .object({
    since: cursorInput.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 })
export const changesOutput = z.object({
  changes: z.array(noteOutput),
  cursor: z.string(),
  hasMore: z.boolean(),
})

export function noteFromRow(row: NoteRow): Note {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    tags: row.tags,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  }
}
