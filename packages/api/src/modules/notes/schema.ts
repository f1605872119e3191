import type { NoteRow } from '@inkwell/db'
import { z } from 'zod'
import {
  arrayInput,
  cursorInput,
  idInput,
  limitInput,
  pageOf,
  text,
  timestamp,
} from '../../shared/schemas'

export const TITLE_MAX = 200
export const CONTENT_MAX = 100_000
export const TAGS_MAX = 20
export const TAG_MAX = 32
/**
 * The most tags a request may list before de-duplication: spellings of one tag (`Work`,
 * `work `) count once, so a list may be longer than TAGS_MAX, but not without bound.
 */
const TAGS_SENT_MAX = 5 * TAGS_MAX
/** The largest version PostgreSQL's `integer` column holds; a bigger one would fail the query. */
const VERSION_MAX = 2_147_483_647

/** One tag: trimmed, lower-cased, 1..32 characters. */
const tag = text()
  .trim()
  .toLowerCase()
  .min(1, { error: 'A tag cannot be empty' })
  .max(TAG_MAX, { error: `A tag has at most ${TAG_MAX} characters` })

/**
 * Up to 20 tags, de-duplicated after normalising (so `Work` and `work ` count once). An
 * over-long list is refused before any tag is read.
 */
const tags = arrayInput(tag, TAGS_SENT_MAX, { error: `At most ${TAGS_MAX} tags` })
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

export const createInput = z.object({
  /** A client-made id (API.md 0.2): a retried create returns the note it made the first time. */
  id: idInput.optional(),
  title,
  content: content.default(''),
  tags: tags.default([]),
})
export const idOnlyInput = z.object({ id: idInput })
export const updateInput = z.object({
  id: idInput,
  version: z.number().int().min(1).max(VERSION_MAX),
  title: title.optional(),
  content: content.optional(),
  tags: tags.optional(),
})

/**
 * Search text as PostgreSQL's `websearch_to_tsquery` can take it. A NUL, which PostgreSQL
 * cannot take, counts as a space; a run of negations with no word between them (`- - -`,
 * `-(-(`) nests one NOT per sign and overflows the parser's stack, and means no more than one.
 */
function searchText(text: string): string {
  return text.replaceAll('\u0000', ' ').replace(/-(?:[^\p{L}\p{N}"]*-)+/gu, '-')
}

export const listInput = z
  .object({
    cursor: cursorInput.optional(),
    limit: limitInput,
    tag: tag.optional(),
    // Any text is a valid search (API.md); a NUL, which PostgreSQL cannot take, counts as a space.
    search: z.string().max(500).transform(searchText).optional(),
    trashed: z.boolean().default(false),
  })
  .default({ limit: 20, trashed: false })
export const listOutput = pageOf(noteOutput)

export const emptyTrashOutput = z.object({ purged: z.number() })

export const tagsOutput = z.array(z.object({ tag: z.string(), count: z.number() }))

export const changesInput = z
  .object({
    since: cursorInput.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 })
/**
 * `notes.onChange`: the id of the last event the client saw, to resume from after a reconnect
 * (the client's link fills it in).
 */
export const onChangeInput = z.object({ lastEventId: cursorInput.nullish() }).default({})

export const changesOutput = z.object({
  changes: z.array(noteOutput),
  /** Ids of notes deleted for good since `since`: drop any copy of them. */
  purged: z.array(z.string()),
  cursor: z.string(),
  hasMore: z.boolean(),
})

/** The columns a Note is shown from. */
export type NoteView = Pick<
  NoteRow,
  'id' | 'title' | 'content' | 'tags' | 'version' | 'created_at' | 'updated_at' | 'deleted_at'
>

export function noteFromRow(row: NoteView): Note {
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
