import { type Change, isBreaking } from './change'
import {
  compareArrayLimits,
  compareDefault,
  compareEnum,
  compareNumberLimits,
  compareStringLimits,
} from './compare-constraints'
import {
  canonical,
  isSchemaObject,
  isUnrepresentable,
  type JsonSchema,
  resolveRef,
} from './json-schema'
import { covers, type Variant, variantsOf, withoutAnnotations } from './variants'
import { report, type SchemaSite, type Walk } from './walk'

export type { SchemaSite } from './walk'

/**
 * The differences between two versions of one procedure's input or output schema, judged from
 * an old client's side. An input must still accept everything it accepted (narrowing breaks);
 * an output must not give old clients anything they cannot read (a field removed or made
 * optional, another type, `null` where there was none, an enum value added or removed).
 *
 * @example
 * const before = z.toJSONSchema(z.object({ title: z.string() }), { io: 'output' })
 * const after = z.toJSONSchema(z.object({ heading: z.string() }), { io: 'output' })
 * compareSchemas(before, after, { procedure: 'notes.get', io: 'output' }).map(formatChange)
 * // ['notes.get output: title removed', 'notes.get output: heading added']
 */
export function compareSchemas(before: JsonSchema, after: JsonSchema, site: SchemaSite): Change[] {
  // The roots are the first pair compared: a `$ref: "#"` back to them is not walked again.
  const refPairs = new Set([refPair('#', '#')])
  const walk: Walk = { ...site, oldRoot: before, newRoot: after, refPairs, changes: [] }
  compareNode(walk, before, after, '')
  return walk.changes
}

function compareNode(walk: Walk, before: unknown, after: unknown, path: string): void {
  const oldNode = isSchemaObject(before) ? before : {}
  const newNode = isSchemaObject(after) ? after : {}
  const oldVariants = variantsOf(oldNode, walk.oldRoot)
  const newVariants = variantsOf(newNode, walk.newRoot)
  if ([...oldVariants, ...newVariants].some((variant) => variant.type === 'opaque')) {
    compareOpaque(walk, oldNode, newNode, path)
    return
  }

  // An input must cover every old variant; an old client must cover every new output variant.
  const [needed, offered] =
    walk.io === 'input' ? [oldVariants, newVariants] : [newVariants, oldVariants]
  const uncovered: Variant[] = []
  const used = new Set<Variant>()
  for (const variant of needed) {
    const candidates = offered.filter((other) => covers(other.type, variant.type))
    if (candidates.length === 0) {
      uncovered.push(variant)
      continue
    }
    const match = bestMatch(walk, variant, candidates, path)
    used.add(match)
  }

  const describe = (variants: Variant[]) => [...new Set(variants.map((v) => v.type))].join(' | ')
  const change = `from ${describe(oldVariants)} to ${describe(newVariants)}`
  if (uncovered.length > 0) {
    const onlyNull = uncovered.every((variant) => variant.type === 'null')
    if (walk.io === 'input') {
      report(walk, 'breaking', path, onlyNull ? 'no longer accepts null' : `type changed ${change}`)
    } else {
      report(
        walk,
        'breaking',
        path,
        onlyNull ? `may now be null (${change})` : `type changed ${change}`,
      )
    }
  }
  const unused = offered.filter((variant) => !used.has(variant) && variant.type !== 'any')
  if (unused.length > 0 && uncovered.length === 0) {
    const types = describe(unused)
    report(
      walk,
      'additive',
      path,
      walk.io === 'input' ? `now also accepts ${types}` : `can no longer be ${types}`,
    )
  }
}

/**
 * Compares `variant` (one the other side must cover) with the candidate that covers it best:
 * the first with no breaking change, else the one with the fewest. Only that one is reported.
 */
function bestMatch(walk: Walk, variant: Variant, candidates: Variant[], path: string): Variant {
  const [oldOf, newOf] =
    walk.io === 'input' ? [() => variant, (c: Variant) => c] : [(c: Variant) => c, () => variant]
  if (candidates.length === 1) {
    const only = candidates[0]!
    compareVariants(walk, oldOf(only), newOf(only), path)
    return only
  }
  let best: { candidate: Variant; trial: Walk; breaking: number } | undefined
  for (const candidate of candidates) {
    const trial: Walk = { ...walk, changes: [] }
    compareVariants(trial, oldOf(candidate), newOf(candidate), path)
    const breaking = trial.changes.filter(isBreaking).length
    if (!best || breaking < best.breaking) best = { candidate, trial, breaking }
    if (breaking === 0) break
  }
  walk.changes.push(...best!.trial.changes)
  return best!.candidate
}

function compareVariants(walk: Walk, before: Variant, after: Variant, path: string): void {
  const pair = before.ref && after.ref ? refPair(before.ref, after.ref) : undefined
  if (pair && walk.refPairs.has(pair)) return
  if (pair) walk.refPairs.add(pair)
  try {
    compareSameType(walk, before, after, path)
  } finally {
    if (pair) walk.refPairs.delete(pair)
  }
}

function compareSameType(walk: Walk, before: Variant, after: Variant, path: string): void {
  if (before.type === 'any' || after.type === 'any') return
  const oldSchema = before.schema
  const newSchema = after.schema
  compareEnum(walk, oldSchema, newSchema, path)
  compareDefault(walk, oldSchema, newSchema, path)
  switch (after.type) {
    case 'string':
      compareStringLimits(walk, oldSchema, newSchema, path)
      break
    case 'number':
    case 'integer':
      compareNumberLimits(walk, oldSchema, newSchema, path)
      break
    case 'array':
      compareArrayLimits(walk, oldSchema, newSchema, path)
      compareItems(walk, oldSchema, newSchema, path)
      break
    case 'object':
      compareObjects(walk, oldSchema, newSchema, path)
      break
  }
}

function refPair(oldRef: string, newRef: string): string {
  return `${oldRef}\u0000${newRef}`
}

function compareItems(walk: Walk, before: JsonSchema, after: JsonSchema, path: string): void {
  const oldTuple = Array.isArray(before.prefixItems) ? before.prefixItems : []
  const newTuple = Array.isArray(after.prefixItems) ? after.prefixItems : []
  if (oldTuple.length !== newTuple.length) {
    report(
      walk,
      'breaking',
      path,
      `tuple length changed from ${oldTuple.length} to ${newTuple.length}`,
    )
  }
  for (let index = 0; index < Math.min(oldTuple.length, newTuple.length); index++) {
    compareNode(walk, oldTuple[index], newTuple[index], `${path}[${index}]`)
  }
  compareNode(walk, before.items, after.items, `${path}[]`)
}

function compareObjects(walk: Walk, before: JsonSchema, after: JsonSchema, path: string): void {
  const oldProps = isSchemaObject(before.properties) ? before.properties : {}
  const newProps = isSchemaObject(after.properties) ? after.properties : {}
  const oldRequired = new Set(Array.isArray(before.required) ? before.required : [])
  const newRequired = new Set(Array.isArray(after.required) ? after.required : [])
  const keys = [...new Set([...Object.keys(oldProps), ...Object.keys(newProps)])]
  const input = walk.io === 'input'

  for (const key of keys) {
    const at = path ? `${path}.${key}` : key
    if (!(key in newProps)) {
      // An input field removed is ignored (zod strips unknown keys), so an old client's
      // request silently means something else: as breaking as refusing it.
      report(walk, 'breaking', at, input ? 'removed (old clients still send it)' : 'removed')
      continue
    }
    if (!(key in oldProps)) {
      if (input && newRequired.has(key)) report(walk, 'breaking', at, 'added as required')
      else report(walk, 'additive', at, input ? 'added (optional)' : 'added')
      continue
    }
    const was = oldRequired.has(key)
    const is = newRequired.has(key)
    if (input && !was && is) report(walk, 'breaking', at, 'now required (was optional)')
    if (input && was && !is) report(walk, 'additive', at, 'now optional')
    if (!input && was && !is) report(walk, 'breaking', at, 'made optional (may now be missing)')
    if (!input && !was && is) report(walk, 'additive', at, 'now always present')
    compareNode(walk, oldProps[key], newProps[key], at)
  }

  const oldExtra = before.additionalProperties
  const newExtra = after.additionalProperties
  if (input && newExtra === false && oldExtra !== false) {
    report(walk, 'breaking', path, 'no longer accepts unknown fields')
  }
  if (isSchemaObject(oldExtra) && isSchemaObject(newExtra)) {
    compareNode(walk, oldExtra, newExtra, `${path}{}`)
  }
  if (isSchemaObject(before.propertyNames) && isSchemaObject(after.propertyNames)) {
    compareNode(walk, before.propertyNames, after.propertyNames, `${path}{keys}`)
  }
}

/**
 * Two schemas at least one of which this cannot analyse (JSON Schema cannot describe it, or it
 * uses `allOf`, `not`...): equal is fine, anything else is breaking, to be judged by a person.
 */
function compareOpaque(walk: Walk, before: JsonSchema, after: JsonSchema, path: string): void {
  const oldNode = resolveRef(before, walk.oldRoot).node
  const newNode = resolveRef(after, walk.newRoot).node
  const same =
    JSON.stringify(canonical(withoutAnnotations(oldNode))) ===
    JSON.stringify(canonical(withoutAnnotations(newNode)))
  if (same) return
  if (isUnrepresentable(newNode)) {
    report(walk, 'breaking', path, 'changed to a shape JSON Schema cannot describe')
  } else if (isUnrepresentable(oldNode)) {
    report(walk, 'breaking', path, 'changed from a shape JSON Schema cannot describe')
  } else {
    report(walk, 'breaking', path, 'changed in a way api-guard cannot compare (check it by hand)')
  }
}
