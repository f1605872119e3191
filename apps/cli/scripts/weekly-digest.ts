/**
 * A digest of the notes changed in the last week, as Markdown (or JSON): a starting point for
 * a script of your own over the typed client. Copy it, change it, run it:
 *
 *   INKWELL_TOKEN=ink_… pnpm tsx apps/cli/scripts/weekly-digest.ts [--days 7] [--json]
 *
 * INKWELL_URL defaults to http://localhost:3000. A `read` API token is enough.
 */
import { parseArgs } from 'node:util'
import { createClient, type RouterOutputs } from '@inkwell/client'

type Note = RouterOutputs['notes']['list']['items'][number]

const { values } = parseArgs({
  options: { days: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
})
const days = Number(values.days)
if (!Number.isInteger(days) || days < 1) {
  console.error('--days takes a whole number of days, 1 or more')
  process.exit(2)
}

const inkwell = createClient({
  url: process.env.INKWELL_URL ?? 'http://localhost:3000',
  token: process.env.INKWELL_TOKEN,
})
const since = new Date(Date.now() - days * 24 * 60 * 60 * 1000)

// notes.list is newest `updatedAt` first: page until the notes get older than `since`.
const changed: Note[] = []
let cursor: string | undefined
pages: do {
  const page = await inkwell.notes.list.query({ limit: 100, ...(cursor ? { cursor } : {}) })
  for (const note of page.items) {
    if (new Date(note.updatedAt) < since) break pages
    changed.push(note)
  }
  cursor = page.nextCursor ?? undefined
} while (cursor)

if (values.json) {
  console.log(JSON.stringify({ since: since.toISOString(), notes: changed }, null, 2))
} else {
  console.log(`# Notes changed since ${since.toISOString().slice(0, 10)}\n`)
  if (changed.length === 0) console.log('Nothing changed.')
  for (const note of changed) {
    const tags = note.tags.length ? ` (${note.tags.map((t) => `#${t}`).join(' ')})` : ''
    const isNew = note.createdAt >= since.toISOString() ? 'new' : 'edited'
    console.log(`- **${note.title}**${tags}: ${isNew} ${note.updatedAt.slice(0, 10)}`)
  }
}
