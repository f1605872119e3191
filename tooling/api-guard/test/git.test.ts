import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addedLines, fileAt, findBase } from '../src/git'

// Run from a git hook, GIT_DIR and friends would point these commands at the real repository.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('GIT_')) delete process.env[key]
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-guard-'))
  dirs.push(dir)
  return dir
}

/** A repository with `main` holding a snapshot and a changelog, and a branch off it. */
function repository(): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir()
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=api-guard', '-c', 'user.email=api-guard@example.com', ...args],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    ).trim()
  git('init', '--quiet', '--initial-branch=main')
  writeFileSync(join(dir, 'snapshot.json'), '{"procedures":{}}\n')
  writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n')
  git('add', '.')
  git('commit', '--quiet', '-m', 'base')
  git('checkout', '--quiet', '-b', 'feature')
  return { dir, git }
}

describe('git', () => {
  it('finds the merge base with main, the files there, and what CHANGELOG.md gained since', () => {
    const { dir, git } = repository()
    const mainCommit = git('rev-parse', 'main')
    writeFileSync(join(dir, 'snapshot.json'), '{"procedures":{"a":{}}}\n')
    git('commit', '--quiet', '-am', 'feature')
    // An uncommitted edit counts: api:check can run before the commit.
    writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n- `notes.list`: renamed\n')

    const base = findBase(dir)
    expect(base?.commit).toBe(mainCommit)
    expect(base?.label).toBe(`main (merge base ${mainCommit.slice(0, 10)})`)
    expect(fileAt(dir, mainCommit, 'snapshot.json')).toBe('{"procedures":{}}\n')
    expect(fileAt(dir, mainCommit, 'missing.json')).toBeNull()
    expect(addedLines(dir, mainCommit, 'CHANGELOG.md')).toEqual(['', '- `notes.list`: renamed'])
  })

  it('takes an explicit base, and refuses one that does not resolve', () => {
    const { dir, git } = repository()
    const head = git('rev-parse', 'HEAD')
    expect(findBase(dir, 'HEAD')?.commit).toBe(head)
    expect(() => findBase(dir, 'no-such-branch')).toThrow(
      'API_CHECK_BASE=no-such-branch is not a commit',
    )
  })

  it('has no base outside a repository', () => {
    expect(findBase(tempDir())).toBeUndefined()
  })
})
