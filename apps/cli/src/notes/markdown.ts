import { basename, extname } from 'node:path'
import { parse, stringify } from 'yaml'

/** A note as the CLI writes it to a file: what `notes.get` returns, less what is server-only. */
export interface NoteFile {
  readonly id: string
  readonly title: string
  readonly content: string
  readonly tags: readonly string[]
  readonly createdAt: string
  readonly updatedAt: string
}

/** A note read from a file: the parts that exist there (an id only if the file names one). */
export interface ParsedNote {
  readonly id: string | undefined
  readonly title: string
  readonly content: string
  readonly tags: string[]
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/

/**
 * A note as Markdown with YAML front matter (`id`, `title`, `tags`, `createdAt`, `updatedAt`).
 * The content follows the front matter unchanged, so a parse gives it back byte for byte.
 *
 * @example
 * toMarkdown(note) // '---\nid: …\ntitle: Groceries\ntags:\n  - home\n…\n---\noat milk'
 */
export function toMarkdown(note: NoteFile): string {
  const front = stringify({
    id: note.id,
    title: note.title,
    tags: [...note.tags],
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  })
  return `---\n${front}---\n${note.content}`
}

/**
 * Reads a Markdown note. Front matter is optional: the title comes from it, else from the
 * first `#` heading (which stays in the content), else from the file name.
 * Throws when the front matter is there but is not a YAML mapping.
 */
export function parseMarkdown(text: string, fileName: string): ParsedNote {
  const match = FRONT_MATTER.exec(text)
  const front = match ? frontMatterOf(match[1] ?? '') : {}
  const content = match ? text.slice(match[0].length) : text
  const title =
    stringOf(front.title)?.trim() || firstHeading(content) || basename(fileName, extname(fileName))
  return { id: stringOf(front.id)?.trim() || undefined, title, content, tags: tagsOf(front.tags) }
}

function frontMatterOf(yaml: string): Record<string, unknown> {
  const value: unknown = parse(yaml)
  if (value === null || value === undefined) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('the front matter is not a YAML mapping')
  }
  return value as Record<string, unknown>
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || value instanceof Date) return String(value)
  return undefined
}

/** Tags as a YAML list or a comma-separated string. */
export function tagsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []
  return list.map((tag) => String(tag).trim()).filter(Boolean)
}

/** The text of the first level-one ATX heading outside fenced code, if any. */
export function firstHeading(markdown: string): string | undefined {
  let fenced = false
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s{0,3}(```|~~~)/.test(line)) fenced = !fenced
    if (fenced) continue
    const heading = /^\s{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(line)
    if (heading?.[1]) return heading[1].trim()
  }
  return undefined
}

/** A file name for a note: a slug of its title and the start of its id (stable across exports). */
export function fileNameOf(note: { id: string; title: string }, extension = '.md'): string {
  const slug = note.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return `${slug || 'note'}-${note.id.slice(0, 8)}${extension}`
}
