import type { Database, NoteRow } from '@inkwell/db'
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import type { ApiDeps } from '../../deps'
import { AppError } from '../../errors'
import { after, sortMicros } from '../../shared/cursor'
import { decodeListCursor, encodeListCursor, type ListScope } from './cursor'

/** The columns a Note is made of (never the search vector). */
export const noteColumns = [
  'id',
  'user_id',
  'title',
  'content',
  'tags',
  'version',
  'created_at',
  'updated_at',
  'deleted_at',
  'change_xid',
] as const

/**
 * Every write moves `updatedAt` forward, visibly: two writes within one millisecond (the
 * wire's precision) would otherwise share a timestamp, and clients order by it.
 */
const nextUpdatedAt = sql<Date>`greatest(now(), updated_at + interval '1 millisecond')`

function notFound(): AppError {
  return new AppError('NOTE_NOT_FOUND', 'No such note')
}

function ownNotes(
  db: Kysely<Database>,
  userId: string,
): SelectQueryBuilder<Database, 'notes', NoteRow> {
  return db.selectFrom('notes').select(noteColumns).where('user_id', '=', userId)
}

export async function createNote(
  deps: ApiDeps,
  userId: string,
  input: { title: string; content: string; tags: string[] },
): Promise<NoteRow> {
  return deps.db
    .insertInto('notes')
    .values({ user_id: userId, title: input.title, content: input.content, tags: input.tags })
    .returning(noteColumns)
    .executeTakeFirstOrThrow()
}

/** One of the caller's notes, live or trashed. Anyone else's is 404, never 403. */
export async function getNote(deps: ApiDeps, userId: string, id: string): Promise<NoteRow> {
  const note = await ownNotes(deps.db, userId).where('id', '=', id).executeTakeFirst()
  if (!note) throw notFound()
  return note
}

export interface NotePage {
  readonly items: NoteRow[]
  readonly nextCursor: string | null
}

/**
 * A page of the caller's notes, newest `updatedAt` first, by keyset: the cursor is the sort
 * key of the last note shown, so pages never repeat a note, and a note edited meanwhile moves
 * to the front instead of shifting the pages after it.
 */
export async function listNotes(
  deps: ApiDeps,
  userId: string,
  input: {
    cursor?: string | undefined
    limit: number
    tag?: string | undefined
    search?: string | undefined
    trashed: boolean
  },
): Promise<NotePage> {
  const search = input.search?.trim() || undefined
  const scope: ListScope = { userId, trashed: input.trashed, tag: input.tag, search }
  let query = ownNotes(deps.db, userId)
    .select(sortMicros('updated_at').as('updated_at_key'))
    .where('deleted_at', input.trashed ? 'is not' : 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
  if (input.tag) {
    const tag = input.tag
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('note_tags')
        .select('note_id')
        .where('user_id', '=', userId)
        .where('tag', '=', tag),
    )
  }
  // websearch_to_tsquery accepts any text (quotes, `or`, `-`), never a syntax error.
  if (search)
    query = query.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${search})`)
  if (input.cursor) query = query.where(after('updated_at', decodeListCursor(scope, input.cursor)))
  const rows = await query.execute()
  const more = rows.length > input.limit
  const items = more ? rows.slice(0, input.limit) : rows
  const last = items.at(-1)
  return {
    items,
    nextCursor: more && last ? encodeListCursor(scope, [last.updated_at_key, last.id]) : null,
  }
}

/**
 * Applies an edit if the caller still has the latest version: one compare-and-set UPDATE, so
 * of several concurrent edits made from the same version exactly one wins. A stale version
 * is 409 `VERSION_CONFLICT`.
 */
export async function updateNote(
  deps: ApiDeps,
  userId: string,
  input: {
    id: string
    version: number
    title?: string | undefined
    content?: string | undefined
    tags?: string[] | undefined
  },
): Promise<NoteRow> {
  const note = await deps.db
    .updateTable('notes')
    .set((eb) => ({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      version: eb('version', '+', 1),
      updated_at: nextUpdatedAt,
    }))
    .where('id', '=', input.id)
    .where('user_id', '=', userId)
    .where('version', '=', input.version)
    .returning(noteColumns)
    .executeTakeFirst()
  if (note) return note
  // Nothing matched: tell a missing note from a stale version (this read decides nothing).
  const current = await ownNotes(deps.db, userId).where('id', '=', input.id).executeTakeFirst()
  if (!current) throw notFound()
  throw new AppError('VERSION_CONFLICT', `The note has changed since version ${input.version}`)
}

/** Moves a note to the trash (idempotent: a trashed note is returned as it is). */
export function trashNote(deps: ApiDeps, userId: string, id: string): Promise<NoteRow> {
  return setTrashed(deps, userId, id, true)
}

/** Takes a note out of the trash (idempotent). */
export function restoreNote(deps: ApiDeps, userId: string, id: string): Promise<NoteRow> {
  return setTrashed(deps, userId, id, false)
}

async function setTrashed(
  deps: ApiDeps,
  userId: string,
  id: string,
  trashed: boolean,
): Promise<NoteRow> {
  const note = await deps.db
    .updateTable('notes')
    .set((eb) => ({
      deleted_at: trashed ? sql<Date>`now()` : null,
      version: eb('version', '+', 1),
      updated_at: nextUpdatedAt,
    }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', trashed ? 'is' : 'is not', null)
    .returning(noteColumns)
    .executeTakeFirst()
  return note ?? getNote(deps, userId, id)
}

/** The caller's tags on live notes, most used first. */
export async function listTags(
  deps: ApiDeps,
  userId: string,
): Promise<{ tag: string; count: number }[]> {
  return deps.db
    .selectFrom('note_tags')
    .select(['tag', sql<number>`count(*)::int`.as('count')])
    .where('user_id', '=', userId)
    .where('live', '=', true)
    .groupBy('tag')
    .orderBy('count', 'desc')
    .orderBy('tag')
    .execute()
}
