import { type Change, formatChange, isBreaking } from './change'
import { compareSnapshots } from './compare-snapshots'
import type { ApiSnapshot } from './snapshot-format'

/** What `api:check` looks at; the git and file work is the caller's, so this stays pure. */
export interface CheckInput {
  /** The snapshot of the router in the work tree, built now. */
  readonly current: ApiSnapshot
  /** The snapshot file in the work tree. */
  readonly committed: ApiSnapshot
  /** The base the branch is compared with; absent when there is none (no git, no `main`). */
  readonly base?: {
    /** How to name it in the report, e.g. `main (merge base 1a2b3c4)`. */
    readonly label: string
    /** The snapshot file at the base; null when the base has none yet. */
    readonly snapshot: ApiSnapshot | null
    /** The lines CHANGELOG.md gained since the base (work tree included). */
    readonly changelogAdded: readonly string[]
  }
}

export interface CheckResult {
  readonly ok: boolean
  /** From the snapshot file to the router: what `pnpm api:snapshot` would record. */
  readonly drift: readonly Change[]
  /** From the base's snapshot file to the work tree's; absent without a base snapshot. */
  readonly sinceBase?: readonly Change[]
  /** Procedures broken since the base that CHANGELOG.md's added lines do not name. */
  readonly unannounced: readonly string[]
}

/**
 * The decision of `api:check`, in two steps:
 * 1. The router against the snapshot file: a breaking difference fails (the snapshot was not
 *    regenerated); an additive one passes with a notice.
 * 2. With a base, the snapshot file against the base's: a breaking difference passes only if
 *    the lines CHANGELOG.md gained since the base name every procedure it breaks (`notes.list`,
 *    or a group such as `notes.*`).
 * Without a base (a fresh clone, CI on main) only step 1 runs.
 */
export function checkSnapshots(input: CheckInput): CheckResult {
  const drift = compareSnapshots(input.committed, input.current)
  const baseSnapshot = input.base?.snapshot
  if (!input.base || !baseSnapshot) {
    return { ok: !drift.some(isBreaking), drift, unannounced: [] }
  }
  const sinceBase = compareSnapshots(baseSnapshot, input.committed)
  const broken = [...new Set(sinceBase.filter(isBreaking).map((change) => change.procedure))]
  const changelog = input.base.changelogAdded
  const unannounced = broken.filter((procedure) => !mentions(changelog, procedure))
  return { ok: !drift.some(isBreaking) && unannounced.length === 0, drift, sinceBase, unannounced }
}

/**
 * Whether one of `lines` names `procedure` as a whole (`notes.list`, not `notes.listAll`) or
 * one of its groups with a star (`notes.*`, `admin.*`).
 */
export function mentions(lines: readonly string[], procedure: string): boolean {
  const segments = procedure.split('.')
  const names = [
    procedure,
    ...segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join('.')}.*`),
  ]
  const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`(?<![\\w.])(?:${names.map(literal).join('|')})(?![\\w*]|\\.\\w)`)
  return lines.some((line) => pattern.test(line))
}

/** The report `api:check` prints, one finding a line. */
export function formatCheck(result: CheckResult, input: CheckInput, snapshotFile: string): string {
  const lines: string[] = []
  const list = (changes: readonly Change[]) =>
    changes.map((change) => `    ${formatChange(change)}`)
  const driftBreaking = result.drift.filter(isBreaking)
  const driftAdditive = result.drift.filter((change) => !isBreaking(change))

  lines.push(`api:check: the router against ${snapshotFile}`)
  if (driftBreaking.length > 0) {
    lines.push(
      `  FAIL: ${count(driftBreaking, 'breaking change')} that an installed client can fail on:`,
    )
    lines.push(...list(driftBreaking))
    lines.push(
      '  If it is intended: run `pnpm api:snapshot`, describe the change in CHANGELOG.md naming',
      '  each procedure, and commit both. Otherwise keep the old shape (add, do not change).',
    )
  }
  if (driftAdditive.length > 0) {
    lines.push(
      `  note: ${count(driftAdditive, 'non-breaking change')} not in the snapshot yet (\`pnpm api:snapshot\` records them):`,
    )
    lines.push(...list(driftAdditive))
  }
  if (result.drift.length === 0) lines.push('  ok: the snapshot matches the router')

  if (!input.base) {
    lines.push('api:check: no base to compare with (no git history or no main): the work tree only')
  } else if (!result.sinceBase) {
    lines.push(`api:check: ${input.base.label} has no snapshot yet: nothing to compare with`)
  } else {
    const broken = result.sinceBase.filter(isBreaking)
    lines.push(`api:check: ${snapshotFile} against ${input.base.label}`)
    if (broken.length === 0) lines.push('  ok: no breaking change since the base')
    else if (result.unannounced.length === 0) {
      lines.push(`  ok: ${count(broken, 'breaking change')}, announced in CHANGELOG.md:`)
      lines.push(...list(broken))
    } else {
      lines.push(`  FAIL: ${count(broken, 'breaking change')} since the base:`)
      lines.push(...list(broken))
      const names = result.unannounced.join(', ')
      lines.push(
        input.base.changelogAdded.length === 0
          ? '  CHANGELOG.md has not changed since the base: describe the change there, naming each procedure.'
          : `  CHANGELOG.md's new lines do not name ${names}: describe what changed for each.`,
      )
    }
  }
  return lines.join('\n')
}

function count(changes: readonly unknown[], noun: string): string {
  return `${changes.length} ${noun}${changes.length === 1 ? '' : 's'}`
}
