/** A JSON Schema node as zod's `toJSONSchema` writes it (an object; `true`/`false` are rare). */
export type JsonSchema = { readonly [keyword: string]: unknown }

/**
 * The marker for a schema JSON Schema cannot describe: a parser that is not a zod schema (a
 * FormData parser, say), or a zod type such as a transform's result or a `z.custom()`.
 */
export const UNREPRESENTABLE = 'x-unrepresentable'

export function unrepresentable(): JsonSchema {
  return { [UNREPRESENTABLE]: true }
}

export function isUnrepresentable(node: JsonSchema): boolean {
  return node[UNREPRESENTABLE] === true
}

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `true` accepts anything and `false` nothing; every other node is returned as it is. */
export function asSchema(value: unknown): JsonSchema {
  if (value === false) return { not: {} }
  return isSchemaObject(value) ? value : {}
}

/**
 * Returns the node a local `$ref` (`#`, `#/$defs/name`, `#/definitions/name`) points at, with the
 * referring node's other keywords laid over it, and the ref itself (for cycle detection).
 * A ref this cannot follow resolves to the unrepresentable marker, so it is compared, not skipped.
 */
export function resolveRef(node: JsonSchema, root: JsonSchema): { node: JsonSchema; ref?: string } {
  const ref = node.$ref
  if (typeof ref !== 'string') return { node }
  const { $ref: _, ...siblings } = node
  let target: unknown = ref === '#' ? root : undefined
  if (ref.startsWith('#/')) {
    target = root
    for (const segment of ref.slice(2).split('/')) {
      const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~')
      target = isSchemaObject(target) ? target[key] : undefined
    }
  }
  if (!isSchemaObject(target)) return { node: unrepresentable(), ref }
  return { node: { ...target, ...siblings }, ref }
}

/** Keys sorted at every depth, and the set-like arrays (`required`, `enum`) sorted, for stable files. */
export function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item))
    if (key === 'required' || key === 'enum') {
      return items.sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)))
    }
    return items
  }
  if (!isSchemaObject(value)) return value
  const sorted: Record<string, unknown> = {}
  for (const name of Object.keys(value).sort(compareText)) {
    sorted[name] = canonical(value[name], name)
  }
  return sorted
}

/** Code-point order, the same on every machine (unlike `localeCompare`). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
