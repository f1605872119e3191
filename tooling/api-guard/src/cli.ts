/**
 * `pnpm api:snapshot` (`tsx src/cli.ts snapshot`): writes the router's snapshot file.
 * `pnpm api:check` (`tsx src/cli.ts check`): fails (exit 1) on a breaking change the snapshot
 * and CHANGELOG.md do not record; see `checkSnapshots` for the rules. `API_CHECK_BASE` names
 * the commit to compare with instead of the merge base with main.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { appRouter } from '@inkwell/api'
import { formatChange, isBreaking } from './change'
import { checkSnapshots, formatCheck } from './check'
import { compareSnapshots } from './compare-snapshots'
import { addedLines, fileAt, findBase } from './git'
import { buildSnapshot } from './snapshot'
import { type ApiSnapshot, parseSnapshot, serializeSnapshot } from './snapshot-format'

/** Paths from the repository root, the same on every machine. */
const SNAPSHOT_FILE = 'packages/api/api-snapshot.json'
const CHANGELOG_FILE = 'CHANGELOG.md'
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

async function snapshot(): Promise<number> {
  const current = await buildSnapshot(appRouter)
  const file = join(root, SNAPSHOT_FILE)
  const previous = existsSync(file) ? parseSnapshot(readFileSync(file, 'utf8')) : undefined
  writeFileSync(file, serializeSnapshot(current))
  const count = Object.keys(current.procedures).length
  console.log(`api:snapshot: wrote ${SNAPSHOT_FILE} (${count} procedures)`)
  const changes = previous ? compareSnapshots(previous, current) : []
  for (const change of changes) {
    console.log(`  ${isBreaking(change) ? 'breaking' : 'added/other'}: ${formatChange(change)}`)
  }
  if (changes.some(isBreaking)) {
    console.log(
      '  Breaking: describe each in CHANGELOG.md, naming the procedure, before you commit.',
    )
  }
  return 0
}

async function check(): Promise<number> {
  const file = join(root, SNAPSHOT_FILE)
  if (!existsSync(file)) {
    console.error(`api:check: ${SNAPSHOT_FILE} is missing: run \`pnpm api:snapshot\` and commit it`)
    return 1
  }
  const committed = parseSnapshot(readFileSync(file, 'utf8'))
  const current = await buildSnapshot(appRouter)
  const base = findBase(root, process.env.API_CHECK_BASE || undefined)
  const input = {
    current,
    committed,
    base: base && {
      label: base.label,
      snapshot: snapshotAt(base.commit),
      changelogAdded: addedLines(root, base.commit, CHANGELOG_FILE),
    },
  }
  const result = checkSnapshots(input)
  const report = formatCheck(result, input, SNAPSHOT_FILE)
  if (result.ok) console.log(report)
  else console.error(report)
  return result.ok ? 0 : 1
}

function snapshotAt(commit: string): ApiSnapshot | null {
  const text = fileAt(root, commit, SNAPSHOT_FILE)
  return text === null ? null : parseSnapshot(text)
}

const commands: Record<string, () => Promise<number>> = { snapshot, check }
const command = commands[process.argv[2] ?? '']
if (!command) {
  console.error('usage: tsx src/cli.ts snapshot|check')
  process.exitCode = 2
} else {
  command().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(`api-guard: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
