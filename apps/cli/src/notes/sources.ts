import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative } from 'node:path'
import { firstHeading, parseMarkdown, tagsOf } from './markdown'

/** One note to import, and where it came from. */
export interface SourceNote {
  /** `notes/groceries.md`, or `notes.jsonl:12`: relative to what was imported. */
  readonly location: string
  /** The id the source gives the note, if any. */
  readonly id: string | undefined
  readonly title: string
  readonly content: string
  readonly tags: string[]
}

/** A file that could not be read as notes. */
export interface SourceError {
  readonly location: string
  readonly message: string
}

const MARKDOWN = new Set(['.md', '.markdown'])
const JSON_LINES = new Set(['.jsonl', '.ndjson'])

/**
 * Reads the notes under `path`: a Markdown file, a JSON Lines file, or a folder of them
 * (searched recursively, in name order, so every run sees the same order).
 */
export async function readSources(
  path: string,
): Promise<{ notes: SourceNote[]; errors: SourceError[] }> {
  const info = await stat(path)
  const root = info.isDirectory() ? path : join(path, '..')
  const files = info.isDirectory() ? await listFiles(path) : [path]
  const notes: SourceNote[] = []
  const errors: SourceError[] = []
  for (const file of files) {
    const location = relative(root, file).split('\\').join('/')
    const text = await readFile(file, 'utf8')
    if (JSON_LINES.has(extname(file).toLowerCase())) {
      readJsonLines(text, location, notes, errors)
      continue
    }
    try {
      notes.push({ location, ...parseMarkdown(text, file) })
    } catch (error) {
      errors.push({ location, message: (error as Error).message })
    }
  }
  return { notes, errors }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const files: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else if (entry.isFile()) {
      const extension = extname(entry.name).toLowerCase()
      if (MARKDOWN.has(extension) || JSON_LINES.has(extension)) files.push(path)
    }
  }
  return files
}

/** One note per line: `{id?, title?, content?, tags?}`; blank lines are skipped. */
function readJsonLines(
  text: string,
  file: string,
  notes: SourceNote[],
  errors: SourceError[],
): void {
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return
    const location = `${file}:${index + 1}`
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      errors.push({ location, message: 'not valid JSON' })
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ location, message: 'not a JSON object' })
      return
    }
    const record = value as Record<string, unknown>
    const content = typeof record.content === 'string' ? record.content : ''
    const title =
      (typeof record.title === 'string' && record.title.trim()) || firstHeading(content) || location
    const id = typeof record.id === 'string' && record.id.trim() ? record.id.trim() : undefined
    notes.push({ location, id, title, content, tags: tagsOf(record.tags) })
  })
}
