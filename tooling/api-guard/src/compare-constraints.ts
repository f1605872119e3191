import type { JsonSchema } from './json-schema'
import { enumValues } from './variants'
import { narrowed, report, type Walk, widened } from './walk'

const show = (value: unknown) => JSON.stringify(value)
const list = (values: readonly unknown[]) => values.map(show).join(', ')

/**
 * Enum and const values. An input refusing a value it took is breaking. On an output, a value
 * removed is breaking (the contract promised it), and so is a value added: old clients switch
 * on these values (a role, a status) and have no case for one they have never seen.
 */
export function compareEnum(walk: Walk, before: JsonSchema, after: JsonSchema, path: string): void {
  const oldValues = enumValues(before)
  const newValues = enumValues(after)
  if (!oldValues && !newValues) return
  if (!oldValues) {
    narrowed(walk, path, `now limited to ${list(newValues!)}`)
    return
  }
  if (!newValues) {
    if (walk.io === 'input') widened(walk, path, `no longer limited to ${list(oldValues)}`)
    else report(walk, 'breaking', path, `no longer limited to ${list(oldValues)}`)
    return
  }
  const oldSet = new Set(oldValues.map(show))
  const newSet = new Set(newValues.map(show))
  for (const value of oldValues.map(show).filter((value) => !newSet.has(value))) {
    report(walk, 'breaking', path, `enum value ${value} removed`)
  }
  for (const value of newValues.map(show).filter((value) => !oldSet.has(value))) {
    if (walk.io === 'input') report(walk, 'additive', path, `enum value ${value} added`)
    else
      report(walk, 'breaking', path, `enum value ${value} added (old clients have no case for it)`)
  }
}

/** A changed default is no breaking change, but a client that leaves the field out notices. */
export function compareDefault(
  walk: Walk,
  before: JsonSchema,
  after: JsonSchema,
  path: string,
): void {
  if (walk.io !== 'input') return
  const oldDefault = 'default' in before ? show(before.default) : undefined
  const newDefault = 'default' in after ? show(after.default) : undefined
  if (oldDefault === newDefault || !oldDefault || !newDefault) return
  report(walk, 'additive', path, `default changed from ${oldDefault} to ${newDefault}`)
}

export function compareStringLimits(
  walk: Walk,
  before: JsonSchema,
  after: JsonSchema,
  path: string,
): void {
  compareLower(
    walk,
    path,
    'minLength',
    inclusive(before.minLength, 0),
    inclusive(after.minLength, 0),
  )
  compareUpper(walk, path, 'maxLength', inclusive(before.maxLength), inclusive(after.maxLength))

  const oldFormat = typeof before.format === 'string' ? before.format : undefined
  const newFormat = typeof after.format === 'string' ? after.format : undefined
  if (oldFormat !== newFormat) {
    if (!oldFormat) narrowed(walk, path, `format ${show(newFormat)} added`)
    else if (!newFormat) widened(walk, path, `format ${show(oldFormat)} removed`)
    else narrowed(walk, path, `format changed from ${show(oldFormat)} to ${show(newFormat)}`)
  }
  // zod writes its own regex beside a format (uuid, email...): the format is the contract and
  // was compared above, and a zod upgrade that rewrites the regex is no change.
  if (oldFormat || newFormat) return
  const oldPattern = typeof before.pattern === 'string' ? before.pattern : undefined
  const newPattern = typeof after.pattern === 'string' ? after.pattern : undefined
  if (oldPattern === newPattern) return
  if (!oldPattern) narrowed(walk, path, `pattern /${newPattern}/ added`)
  else if (!newPattern) widened(walk, path, `pattern /${oldPattern}/ removed`)
  else narrowed(walk, path, `pattern changed from /${oldPattern}/ to /${newPattern}/`)
}

export function compareNumberLimits(
  walk: Walk,
  before: JsonSchema,
  after: JsonSchema,
  path: string,
): void {
  compareLower(walk, path, 'minimum', numberBound(before, 'minimum'), numberBound(after, 'minimum'))
  compareUpper(walk, path, 'maximum', numberBound(before, 'maximum'), numberBound(after, 'maximum'))
  const oldStep = typeof before.multipleOf === 'number' ? before.multipleOf : undefined
  const newStep = typeof after.multipleOf === 'number' ? after.multipleOf : undefined
  if (newStep !== undefined && (oldStep === undefined || oldStep % newStep !== 0)) {
    narrowed(
      walk,
      path,
      `multipleOf ${newStep} ${oldStep === undefined ? 'added' : `(was ${oldStep})`}`,
    )
  } else if (oldStep !== undefined && newStep !== oldStep) {
    widened(
      walk,
      path,
      `multipleOf ${oldStep} ${newStep === undefined ? 'removed' : `now ${newStep}`}`,
    )
  }
}

export function compareArrayLimits(
  walk: Walk,
  before: JsonSchema,
  after: JsonSchema,
  path: string,
): void {
  compareLower(walk, path, 'minItems', inclusive(before.minItems, 0), inclusive(after.minItems, 0))
  compareUpper(walk, path, 'maxItems', inclusive(before.maxItems), inclusive(after.maxItems))
  if (after.uniqueItems === true && before.uniqueItems !== true)
    narrowed(walk, path, 'uniqueItems added')
  if (before.uniqueItems === true && after.uniqueItems !== true)
    widened(walk, path, 'uniqueItems removed')
}

/** A limit; `exclusive` for JSON Schema's `exclusiveMinimum`/`exclusiveMaximum`. */
interface Bound {
  readonly value: number
  readonly exclusive: boolean
}

/** A length or count limit; `none` is the value that means no limit (0 for a minimum). */
function inclusive(value: unknown, none?: number): Bound | undefined {
  if (typeof value !== 'number' || value === none) return undefined
  return { value, exclusive: false }
}

/** The tighter of `minimum` and `exclusiveMinimum` (or of the maximums). */
function numberBound(schema: JsonSchema, side: 'minimum' | 'maximum'): Bound | undefined {
  const plain = schema[side]
  const exclusive = schema[side === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum']
  const bounds: Bound[] = []
  if (typeof plain === 'number') bounds.push({ value: plain, exclusive: false })
  if (typeof exclusive === 'number') bounds.push({ value: exclusive, exclusive: true })
  const tighter = side === 'minimum' ? tighterLower : tighterUpper
  return bounds.reduce<Bound | undefined>((a, b) => (a && !tighter(b, a) ? a : b), undefined)
}

const tighterLower = (a: Bound, b: Bound) =>
  a.value > b.value || (a.value === b.value && a.exclusive && !b.exclusive)
const tighterUpper = (a: Bound, b: Bound) =>
  a.value < b.value || (a.value === b.value && a.exclusive && !b.exclusive)
const showBound = (bound: Bound) => `${bound.value}${bound.exclusive ? ' (exclusive)' : ''}`

function compareLower(walk: Walk, path: string, name: string, before?: Bound, after?: Bound): void {
  if (after && (!before || tighterLower(after, before))) {
    narrowed(
      walk,
      path,
      before
        ? `${name} raised from ${showBound(before)} to ${showBound(after)}`
        : `${name} ${showBound(after)} added`,
    )
  } else if (before && (!after || tighterLower(before, after))) {
    widened(
      walk,
      path,
      after
        ? `${name} lowered from ${showBound(before)} to ${showBound(after)}`
        : `${name} ${showBound(before)} removed`,
    )
  }
}

function compareUpper(walk: Walk, path: string, name: string, before?: Bound, after?: Bound): void {
  if (after && (!before || tighterUpper(after, before))) {
    narrowed(
      walk,
      path,
      before
        ? `${name} lowered from ${showBound(before)} to ${showBound(after)}`
        : `${name} ${showBound(after)} added`,
    )
  } else if (before && (!after || tighterUpper(before, after))) {
    widened(
      walk,
      path,
      after
        ? `${name} raised from ${showBound(before)} to ${showBound(after)}`
        : `${name} ${showBound(before)} removed`,
    )
  }
}
