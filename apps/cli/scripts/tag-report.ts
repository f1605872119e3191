/**
 * How your notes are tagged: each tag's count and share, and how many notes have no tag.
 * A starting point for a script of your own over the typed client:
 *
 *   INKWELL_TOKEN=ink_… pnpm tsx apps/cli/scripts/tag-report.ts [--json]
 *
 * INKWELL_URL defaults to http://localhost:3000. A `read` API token is enough.
 */
import { parseArgs } from 'node:util'
import { createClient } from '@inkwell/client'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } })

const inkwell = createClient({
  url: process.env.INKWELL_URL ?? 'http://localhost:3000',
  token: process.env.INKWELL_TOKEN,
})

// The tag counts and the first page of notes go out in one batched request.
const [tags, notes] = await Promise.all([inkwell.notes.tags.query(), allNoteTags()])
const total = notes.length
const untagged = notes.filter((noteTags) => noteTags.length === 0).length

/** The tags of every live note, page by page. */
async function allNoteTags(): Promise<string[][]> {
  const all: string[][] = []
  let cursor: string | undefined
  do {
    const page = await inkwell.notes.list.query({ limit: 100, ...(cursor ? { cursor } : {}) })
    all.push(...page.items.map((note) => note.tags))
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return all
}

if (values.json) {
  console.log(JSON.stringify({ total, untagged, tags }, null, 2))
} else {
  console.log(`${total} notes, ${untagged} without a tag`)
  const width = Math.max(3, ...tags.map(({ tag }) => tag.length))
  for (const { tag, count } of tags) {
    const share = total ? Math.round((count / total) * 100) : 0
    console.log(`${tag.padEnd(width)}  ${String(count).padStart(5)}  ${String(share).padStart(3)}%`)
  }
}
