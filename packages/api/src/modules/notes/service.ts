import type { Database, NoteRow } from '@inkwell/db'
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import { AppError } from '../../app-error'
import { after, sortMicros } from '../../shared/cursor'
import {
  fitWithinBudget,
  jsonBytes,
  jsonStringBytesAtMost,
  withinBudget,
} from '../../shared/page-budget'
import { preparedQuery } from '../../shared/prepared-query'
import type { ApiDeps } from '../../wiring/api-deps'
import { decodeListCursor, encodeListCursor, type ListScope } from './cursor'
import { type NoteView, noteFromRow } from './schema'

/**
 * The columns a Note is made of (never the search vector). Their order is the changes feed's
 * (a UNION with tombstones by position): keep it, and do not build it from `noteViewColumns`.
 */
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
  'change_seq',
] as const

/** What a Note shows, the columns `notes.list` and `notes.get` read (less to decode). */
export const noteViewColumns = [
  'id',
  'title',
  'content',
  'tags',
  'version',
  'created_at',
  'updated_at',
  'deleted_at',
] as const satisfies readonly (keyof NoteView)[]

/**
 * Every write moves `updatedAt` forward, visibly: two writes within one millisecond (the
 * wire's precision) would otherwise share a timestamp, and clients order by it.
 */
const nextUpdatedAt = sql<Date>`greatest(now(), updated_at + interval '1 millisecond')`

/**
 * Note writes per account and minute: plenty for a person or a syncing device (a backlog
 * pushes in a few minutes, honouring Retry-After), while one account cannot write at line rate.
 */
const WRITES_PER_MINUTE = 300

// Every write below tells the user's event streams (`deps.live.notesChanged`) once it has
// committed: each is a single statement, committed when it returns.

/** Counts one note write against the caller's budget: 429 `RATE_LIMITED` beyond it. */
function consumeWrite(deps: ApiDeps, userId: string): Promise<void> {
  return deps.rateLimiter.consume({
    key: `notes-write:user:${userId}`,
    max: WRITES_PER_MINUTE,
    windowMs: 60_000,
  })
}

function notFound(): AppError {
  return new AppError('NOTE_NOT_FOUND', 'No such note')
}

function ownNotes(
  db: Kysely<Database>,
  userId: string,
): SelectQueryBuilder<Database, 'notes', NoteRow> {
  return db.selectFrom('notes').select(noteColumns).where('user_id', '=', userId)
}

/**
 * Creates a note. With a client-made `id`, a retry returns the note the first call made,
 * never a second one; an id another user holds is 409 `NOTE_ID_TAKEN`. The race between two
 * creates with one id is settled by the primary key (`on conflict do nothing`, then a read).
 */
export async function createNote(
  deps: ApiDeps,
  userId: string,
  input: { id?: string | undefined; title: string; content: string; tags: string[] },
): Promise<NoteRow> {
  await consumeWrite(deps, userId)
  const values = { user_id: userId, title: input.title, content: input.content, tags: input.tags }
  if (input.id === undefined) {
    const note = await deps.db
      .insertInto('notes')
      .values(values)
      .returning(noteColumns)
      .executeTakeFirstOrThrow()
    deps.live.notesChanged(userId)
    return note
  }
  // Twice at most: a note deleted for good between our insert and our read frees its id.
  for (let attempt = 0; attempt < 2; attempt++) {
    const created = await deps.db
      .insertInto('notes')
      .values({ ...values, id: input.id })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(noteColumns)
      .executeTakeFirst()
    if (created) {
      deps.live.notesChanged(userId)
      return created
    }
    const existing = await deps.db
      .selectFrom('notes')
      .select(noteColumns)
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (existing) {
      if (existing.user_id === userId) return existing
      break
    }
  }
  throw new AppError('NOTE_ID_TAKEN', 'This note id is already in use')
}

const noteById = preparedQuery<{ userId: string; id: string }, NoteView, Database>((db, p) =>
  db
    .selectFrom('notes')
    .select(noteViewColumns)
    .where('user_id', '=', p.userId)
    .where('id', '=', p.id),
)

/** One of the caller's notes, live or trashed. Anyone else's is 404, never 403. */
export async function getNote(deps: ApiDeps, userId: string, id: string): Promise<NoteView> {
  const [note] = await noteById(deps.db, { userId, id })
  if (!note) throw notFound()
  return note
}

const LIST_ORDER = sql`updated_at desc, id desc`

/**
 * A note's JSON size as the database can tell it cheaply: never above its real size (which
 * adds the id, timestamps, tags and escapes), so the database sends every row that may fit.
 */
export const NOTE_BYTES_ESTIMATE = sql<number>`octet_length(title) + octet_length(content) + 150`

/** A note's JSON size on the wire, rounded up (the fixed fields are counted at their widest). */
export function noteJsonBytes(row: Pick<NoteRow, 'title' | 'content' | 'tags'>): number {
  return jsonBytes({ title: row.title, content: row.content, tags: row.tags }) + 220
}

/** At least `noteJsonBytes`, from the lengths alone: `{"title":…,"content":…,"tags":[…]}`. */
export function noteJsonBytesAtMost(row: Pick<NoteRow, 'title' | 'content' | 'tags'>): number {
  let tags = 2
  for (const tag of row.tags) tags += jsonStringBytesAtMost(tag) + 1
  return 30 + jsonStringBytesAtMost(row.title) + jsonStringBytesAtMost(row.content) + tags + 220
}

/**
 * The items of one page out of `limit + 1` fetched rows: at most `limit`, and no more than fit
 * in the page budget. `more` says whether anything was left for the next page.
 */
export function takePage<T extends Pick<NoteRow, 'title' | 'content' | 'tags'>>(
  rows: readonly T[],
  limit: number,
): { items: T[]; more: boolean } {
  const capped = rows.slice(0, limit)
  const fit = fitWithinBudget(capped, noteJsonBytes, undefined, noteJsonBytesAtMost)
  return { items: capped.slice(0, fit), more: rows.length > fit }
}

/**
 * PostgreSQL refuses a search its parser cannot nest (54001, statement too complex): that is
 * the client's text, so a 400 on the field, never a 500. The schema already flattens the known
 * cause (runs of negations); this is the backstop.
 */
function refuseTooComplexSearch(error: unknown): never {
  if (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '54001'
  ) {
    throw new AppError('VALIDATION_FAILED', 'The search is too complex', {
      fieldErrors: { search: ['Simplify the search'] },
    })
  }
  throw error
}

interface ListParams extends Record<string, unknown> {
  readonly userId: string
  readonly limit: number
  readonly tag: string
  readonly search: string
  /** The cursor's sort key, when there is one. */
  readonly micros: string
  readonly id: string
}

type ListRow = NoteView & { readonly updated_at_key: string }

interface ListShape {
  readonly trashed: boolean
  readonly tag: boolean
  readonly search: boolean
  readonly cursor: boolean
}

/** The list query of each shape (16 at most), compiled once: `notes.list` is the hot read. */
const listQueries = new Map<string, (db: Kysely<Database>, p: ListParams) => Promise<ListRow[]>>()

function listQuery(shape: ListShape) {
  const key = `${shape.trashed}:${shape.tag}:${shape.search}:${shape.cursor}`
  let query = listQueries.get(key)
  if (!query) {
    query = preparedQuery<ListParams, ListRow, Database>((db, p) => {
      let page = db
        .selectFrom('notes')
        .select(noteViewColumns)
        .where('user_id', '=', p.userId)
        .select(sortMicros('updated_at').as('updated_at_key'))
        .where('deleted_at', shape.trashed ? 'is not' : 'is', null)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(p.limit)
      if (shape.tag) {
        page = page.where('id', 'in', (eb) =>
          eb
            .selectFrom('note_tags')
            .select('note_id')
            .where('user_id', '=', p.userId)
            .where('tag', '=', p.tag),
        )
      }
      // websearch_to_tsquery accepts any text (quotes, `or`, `-`), never a syntax error.
      if (shape.search)
        page = page.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${p.search})`)
      if (shape.cursor) page = page.where(after('updated_at', [p.micros, p.id]))
      return withinBudget(page, LIST_ORDER, NOTE_BYTES_ESTIMATE)
    })
    listQueries.set(key, query)
  }
  return query
}

export interface NotePage {
  readonly items: NoteView[]
  readonly nextCursor: string | null
}

/**
 * A page of the caller's notes, newest `updatedAt` first, by keyset: the cursor is the sort
 * key of the last note shown, so pages never repeat a note, and a note edited meanwhile moves
 * to the front instead of shifting the pages after it. A page stops early at 4 MiB of JSON.
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
  const [micros, id] = input.cursor ? decodeListCursor(scope, input.cursor) : ['', '']
  const query = listQuery({
    trashed: input.trashed,
    tag: Boolean(input.tag),
    search: Boolean(search),
    cursor: Boolean(input.cursor),
  })
  const rows = await query(deps.db, {
    userId,
    limit: input.limit + 1,
    tag: input.tag ?? '',
    search: search ?? '',
    micros,
    id,
  }).catch(refuseTooComplexSearch)
  const { items, more } = takePage(rows, input.limit)
  const last = items.at(-1)
  return {
    items,
    nextCursor: more && last ? encodeListCursor(scope, [last.updated_at_key, last.id]) : null,
  }
}

/**
 * Applies an edit if the caller still has the latest version: one compare-and-set UPDATE, so
 * of several concurrent edits made from the same version exactly one wins. A stale version
 * is 409 `VERSION_CONFLICT`, carrying the note as it is now (`error.data.current`).
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
  await consumeWrite(deps, userId)
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
  if (note) {
    deps.live.notesChanged(userId)
    return note
  }
  // Nothing matched: tell a missing note from a stale version (this read decides nothing).
  const current = await ownNotes(deps.db, userId).where('id', '=', input.id).executeTakeFirst()
  if (!current) throw notFound()
  throw new AppError('VERSION_CONFLICT', `The note has changed since version ${input.version}`, {
    current: noteFromRow(current),
  })
}

/** Moves a note to the trash (idempotent: a trashed note is returned as it is). */
export function trashNote(deps: ApiDeps, userId: string, id: string): Promise<NoteView> {
  return setTrashed(deps, userId, id, true)
}

/** Takes a note out of the trash (idempotent). */
export function restoreNote(deps: ApiDeps, userId: string, id: string): Promise<NoteView> {
  return setTrashed(deps, userId, id, false)
}

async function setTrashed(
  deps: ApiDeps,
  userId: string,
  id: string,
  trashed: boolean,
): Promise<NoteView> {
  await consumeWrite(deps, userId)
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
  if (!note) return getNote(deps, userId, id)
  deps.live.notesChanged(userId)
  return note
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
