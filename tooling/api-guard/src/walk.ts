import type { Change, Io, Severity } from './change'
import type { JsonSchema } from './json-schema'

/** Where a schema sits: which procedure, and whether it is what clients send or receive. */
export interface SchemaSite {
  readonly procedure: string
  readonly io: Io
}

/** The state of one comparison: both roots (for `$ref`s) and what has been found so far. */
export interface Walk extends SchemaSite {
  readonly oldRoot: JsonSchema
  readonly newRoot: JsonSchema
  /** The `$ref` pairs being compared further up: a recursive schema is walked once round. */
  readonly refPairs: Set<string>
  readonly changes: Change[]
}

export function report(walk: Walk, severity: Severity, path: string, message: string): void {
  walk.changes.push({ severity, procedure: walk.procedure, io: walk.io, path, message })
}

/** Fewer values accepted: breaking on an input; on an output, old clients still read every value. */
export function narrowed(walk: Walk, path: string, message: string): void {
  report(walk, walk.io === 'input' ? 'breaking' : 'additive', path, message)
}

/**
 * More values accepted: nothing an old client notices on an input. On an output the rules
 * (API.md, CHANGELOG.md) break only on removed or optional fields, other types, `null` and enum
 * values, not on a wider limit or a dropped format, so those are notices too.
 */
export function widened(walk: Walk, path: string, message: string): void {
  report(walk, 'additive', path, message)
}
