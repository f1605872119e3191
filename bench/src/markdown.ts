import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/** A Markdown table; cells are already formatted. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ('l' | 'r')[],
): string {
  const rule = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'))
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

/** A number with `digits` decimals, or `n/a`. */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a'
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a'
}

const HEADER = `# Inkwell benchmark results

Written by \`pnpm bench\` (and \`pnpm bench --soak\`, \`pnpm bench --profile\`). Each command
rewrites only its own section, between the \`<!-- section:… -->\` markers; text outside them is
kept. See the README's "Benchmarks" section for how to run and read it.
`

/** Section order in the file; a runtime's section (`run-node24`) goes with its kind (`run`). */
const ORDER = ['runtimes', 'run', 'soak', 'profile-data']
const rank = (name: string) => ORDER.indexOf(name.replace(/-node\d+$/, ''))

/**
 * Replaces the section `name` of the Markdown file at `path` (creating the file, or appending
 * the section, when it is not there yet).
 */
export function writeSection(path: string, name: string, body: string): void {
  const start = `<!-- section:${name} -->`
  const end = `<!-- /section:${name} -->`
  const block = `${start}\n${body.trim()}\n${end}`
  let text = existsSync(path) ? readFileSync(path, 'utf8') : HEADER
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from >= 0 && to > from) {
    text = text.slice(0, from) + block + text.slice(to + end.length)
  } else {
    const later = [...text.matchAll(/<!-- section:([\w-]+) -->/g)]
      .filter(
        (match) =>
          rank(match[1]!) > rank(name) || (rank(match[1]!) === rank(name) && match[1]! > name),
      )
      .map((match) => match.index)
    const at = later.length ? Math.min(...later) : -1
    text =
      at >= 0
        ? `${text.slice(0, at)}${block}\n\n${text.slice(at)}`
        : `${text.trimEnd()}\n\n${block}\n`
  }
  writeFileSync(path, text)
}
