import { appCodeOf, type InkwellClient, type RouterOutputs } from '@inkwell/client'
import { isUuid } from '../options'
import { uuidV5 } from '../uuid-v5'
import type { SourceNote } from './sources'

type Note = RouterOutputs['notes']['get']

/** What importing one note did. */
export type ImportOutcome = 'created' | 'updated' | 'unchanged'

/** The namespace of the ids the importer derives (a fixed random UUID; never change it). */
export const IMPORT_NAMESPACE = '8f0c5a1e-3b7d-4c2a-9e61-2d4b7f9a0c13'

const TITLE_MAX = 200

/**
 * The ids a source note may have in the account of `userId`, in the order to try them.
 * A note with a UUID keeps it when it can (a re-import into the same account finds it); when
 * another account holds that id, it gets one derived from (user, source id), the same on every
 * run. A note without an id gets one derived from (user, where it came from).
 */
export function candidateIds(userId: string, source: SourceNote): string[] {
  if (source.id && isUuid(source.id)) {
    return [
      source.id.toLowerCase(),
      uuidV5(`${userId}:${source.id.toLowerCase()}`, IMPORT_NAMESPACE),
    ]
  }
  const key = source.id ? `id:${source.id}` : `path:${source.location}`
  return [uuidV5(`${userId}:${key}`, IMPORT_NAMESPACE)]
}

/**
 * Imports one note, idempotently: finds it under one of its candidate ids and updates only
 * what changed, or creates it under the first id free for this account. Running it again (after
 * an interruption, say) creates nothing twice.
 */
export async function importNote(
  client: InkwellClient,
  userId: string,
  source: SourceNote,
): Promise<{ outcome: ImportOutcome; note: Note }> {
  const wanted = {
    title: source.title.trim().slice(0, TITLE_MAX),
    content: source.content,
    tags: normalizeTags(source.tags),
  }
  const ids = candidateIds(userId, source)
  for (const id of ids) {
    const existing = await find(client, id)
    if (existing) return reconcile(client, existing, wanted)
  }
  for (const [index, id] of ids.entries()) {
    try {
      const note = await client.notes.create.mutate({ id, ...wanted })
      return { outcome: 'created', note }
    } catch (error) {
      if (appCodeOf(error) !== 'NOTE_ID_TAKEN' || index === ids.length - 1) throw error
    }
  }
  throw new Error('unreachable: every candidate id was tried')
}

async function find(client: InkwellClient, id: string): Promise<Note | null> {
  try {
    return await client.notes.get.query({ id })
  } catch (error) {
    if (appCodeOf(error) === 'NOTE_NOT_FOUND') return null
    throw error
  }
}

interface Wanted {
  readonly title: string
  readonly content: string
  readonly tags: string[]
}

/** Sends only the fields that differ; retries once if the note changed meanwhile. */
async function reconcile(
  client: InkwellClient,
  note: Note,
  wanted: Wanted,
  retried = false,
): Promise<{ outcome: ImportOutcome; note: Note }> {
  const changes = {
    ...(note.title !== wanted.title ? { title: wanted.title } : {}),
    ...(note.content !== wanted.content ? { content: wanted.content } : {}),
    ...(!sameTags(note.tags, wanted.tags) ? { tags: wanted.tags } : {}),
  }
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged', note }
  try {
    const updated = await client.notes.update.mutate({
      id: note.id,
      version: note.version,
      ...changes,
    })
    return { outcome: 'updated', note: updated }
  } catch (error) {
    if (retried || appCodeOf(error) !== 'VERSION_CONFLICT') throw error
    return reconcile(client, await client.notes.get.query({ id: note.id }), wanted, true)
  }
}

/** Tags as the server keeps them: trimmed, lower-case, each once. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))]
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const sorted = (list: readonly string[]) => [...list].sort().join('\u0000')
  return sorted(a) === sorted(b)
}
