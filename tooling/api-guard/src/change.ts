/** Which side of a procedure a schema describes: what clients send, or what they receive. */
export type Io = 'input' | 'output'

/**
 * `breaking`: an old client can fail (a request refused, a field it reads gone, a value it
 * cannot handle). `additive`: a difference an old client does not notice (a new procedure, a
 * new optional input field, a new output field, a widened input limit...).
 */
export type Severity = 'breaking' | 'additive'

/** One difference between two snapshots, located by procedure, side and field path. */
export interface Change {
  readonly severity: Severity
  readonly procedure: string
  readonly io?: Io
  /** The field, `items[].title` style: `[]` is every array item, `{}` every record value. */
  readonly path: string
  readonly message: string
}

/**
 * The one line a person reads.
 *
 * @example
 * formatChange({ severity: 'breaking', procedure: 'notes.list', io: 'output',
 *   path: 'items[].title', message: 'removed' })
 * // 'notes.list output: items[].title removed'
 */
export function formatChange(change: Change): string {
  const where = change.io ? `${change.procedure} ${change.io}` : change.procedure
  return `${where}: ${change.path ? `${change.path} ` : ''}${change.message}`
}

export function isBreaking(change: Change): boolean {
  return change.severity === 'breaking'
}
