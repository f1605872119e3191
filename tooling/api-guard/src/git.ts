import { execFileSync } from 'node:child_process'

/** A commit to compare the work tree with, and how to name it. */
export interface GitBase {
  readonly commit: string
  readonly label: string
}

/**
 * The base of the comparison: `explicit` (from `API_CHECK_BASE`) when given, which must
 * resolve; else the merge base of HEAD with `main`, else with `origin/main`; else undefined
 * (no git, not a repository, a shallow clone without main), and the check falls back to the
 * work tree alone.
 */
export function findBase(cwd: string, explicit?: string): GitBase | undefined {
  if (explicit) {
    const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${explicit}^{commit}`])
    if (!commit) throw new Error(`API_CHECK_BASE=${explicit} is not a commit in this repository`)
    return { commit, label: `${explicit} (${commit.slice(0, 10)})` }
  }
  for (const branch of ['main', 'origin/main']) {
    const commit = git(cwd, ['merge-base', 'HEAD', branch])
    if (commit) return { commit, label: `${branch} (merge base ${commit.slice(0, 10)})` }
  }
  return undefined
}

/** A file's text at a commit, or null when the commit has no such file. */
export function fileAt(cwd: string, commit: string, path: string): string | null {
  return git(cwd, ['show', `${commit}:./${path}`], false)
}

/** The lines a file gained between a commit and the work tree (uncommitted edits included). */
export function addedLines(cwd: string, commit: string, path: string): string[] {
  const diff = git(
    cwd,
    ['diff', '--no-ext-diff', '--no-color', '--unified=0', commit, '--', path],
    false,
  )
  return (diff ?? '')
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => line.slice(1))
}

/** git's output, or null when git fails or is missing. */
function git(cwd: string, args: string[], trim = true): string | null {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    return trim ? out.trim() : out
  } catch {
    return null
  }
}
