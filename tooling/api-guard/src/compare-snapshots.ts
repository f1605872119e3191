import type { Change } from './change'
import { compareSchemas } from './compare'
import { compareText } from './json-schema'
import type { ApiSnapshot, ProcedureSnapshot } from './snapshot-format'

/**
 * Every difference between two snapshots, procedure by procedure in path order. A procedure
 * missing from `after` is removed (a rename is a removal and an addition), and changing its
 * kind breaks every client that calls it (queries are GETs, mutations POSTs).
 *
 * @example
 * compareSnapshots(committed, current).filter(isBreaking).map(formatChange)
 * // ['notes.list output: items[].title removed']
 */
export function compareSnapshots(before: ApiSnapshot, after: ApiSnapshot): Change[] {
  const paths = [...new Set([...Object.keys(before.procedures), ...Object.keys(after.procedures)])]
  const changes: Change[] = []
  for (const procedure of paths.sort(compareText)) {
    const old = before.procedures[procedure]
    const now = after.procedures[procedure]
    if (!now) {
      changes.push({ severity: 'breaking', procedure, path: '', message: 'removed (or renamed)' })
    } else if (!old) {
      changes.push({ severity: 'additive', procedure, path: '', message: `added (${now.kind})` })
    } else {
      changes.push(...compareProcedures(procedure, old, now))
    }
  }
  return changes
}

function compareProcedures(
  procedure: string,
  old: ProcedureSnapshot,
  now: ProcedureSnapshot,
): Change[] {
  const changes: Change[] = []
  if (old.kind !== now.kind) {
    changes.push({
      severity: 'breaking',
      procedure,
      path: '',
      message: `kind changed from ${old.kind} to ${now.kind}`,
    })
  }
  changes.push(...compareInputs(procedure, old, now))
  // No output schema: the procedure answers anything, which `{}` says in JSON Schema.
  changes.push(...compareSchemas(old.output ?? {}, now.output ?? {}, { procedure, io: 'output' }))
  return changes
}

function compareInputs(
  procedure: string,
  old: ProcedureSnapshot,
  now: ProcedureSnapshot,
): Change[] {
  const at = (severity: Change['severity'], message: string): Change[] => [
    { severity, procedure, io: 'input', path: '', message },
  ]
  if (!old.input && !now.input) return []
  if (!old.input) {
    // Old clients send nothing: fine only if the new input may be left out.
    return now.inputOptional
      ? at('additive', 'added (optional)')
      : at('breaking', 'added as required')
  }
  if (!now.input) return at('breaking', 'removed (old clients still send it)')
  const changes: Change[] = []
  if (old.inputOptional && !now.inputOptional) {
    changes.push(...at('breaking', 'now required (was optional: old clients may leave it out)'))
  } else if (!old.inputOptional && now.inputOptional) {
    changes.push(...at('additive', 'now optional'))
  }
  changes.push(...compareSchemas(old.input, now.input, { procedure, io: 'input' }))
  return changes
}
