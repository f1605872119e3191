import type { InkwellClient, RouterInputs, RouterOutputs } from '@inkwell/client'

type Note = RouterOutputs['notes']['list']['items'][number]
type Filters = Omit<NonNullable<RouterInputs['notes']['list']>, 'cursor' | 'limit'>

/**
 * The caller's notes, newest first, page by page (100 at a time at most), until `max`
 * (Infinity for all of them).
 *
 * @example
 * for await (const page of notePages(client, { tag: 'work' }, 50)) console.log(page.length)
 */
export async function* notePages(
  client: InkwellClient,
  filters: Filters,
  max = Number.POSITIVE_INFINITY,
): AsyncGenerator<Note[]> {
  let cursor: string | undefined
  let seen = 0
  while (seen < max) {
    const limit = Math.min(100, max - seen)
    const page = await client.notes.list.query({ ...filters, limit, ...(cursor ? { cursor } : {}) })
    seen += page.items.length
    yield page.items
    if (!page.nextCursor || page.items.length === 0) return
    cursor = page.nextCursor
  }
}

/** Every note `notePages` gives, in one array. */
export async function collectNotes(
  client: InkwellClient,
  filters: Filters,
  max = Number.POSITIVE_INFINITY,
): Promise<Note[]> {
  const notes: Note[] = []
  for await (const page of notePages(client, filters, max)) notes.push(...page)
  return notes
}
