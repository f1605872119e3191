import { isSchemaObject, type JsonSchema, resolveRef } from './json-schema'

/** The JSON types a value can have, plus `any` (no constraint) and `opaque` (not analysable). */
export type VariantType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | 'object'
  | 'array'
  | 'any'
  | 'opaque'

/** One branch of a schema with a single JSON type: `string | null` is two variants. */
export interface Variant {
  readonly type: VariantType
  readonly schema: JsonSchema
  /** The `$ref` this branch was reached through, if any: two refs met twice end a recursion. */
  readonly ref?: string
}

const jsonTypes = new Set<string>([
  'string',
  'number',
  'integer',
  'boolean',
  'null',
  'object',
  'array',
])

/** Keywords that only annotate; they never change which values a schema accepts. */
const annotations = new Set([
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '_prefault',
])

/**
 * Splits a schema into one variant per JSON type, flattening `anyOf`/`oneOf` and `type: [...]`
 * (zod writes `string | null` as `type: ["string", "null"]`, and `object | null` as `anyOf`).
 * An `enum` or `const` of mixed types is split by type too. A schema with keywords this does not
 * understand (`allOf`, `not`, `if`...) is one `opaque` variant, compared by equality.
 *
 * @example
 * variantsOf({ type: ['string', 'null'], maxLength: 5 }, root)
 * // [{ type: 'string', schema: { type: 'string', maxLength: 5 } }, { type: 'null', ... }]
 */
export function variantsOf(node: JsonSchema, root: JsonSchema, viaRef?: string): Variant[] {
  const resolved = resolveRef(node, root)
  const schema = resolved.node
  const ref = resolved.ref ?? viaRef
  const union = schema.anyOf ?? schema.oneOf
  if (Array.isArray(union)) {
    const { anyOf: _a, oneOf: _o, ...rest } = schema
    return union.flatMap((member) =>
      variantsOf({ ...rest, ...(isSchemaObject(member) ? member : {}) }, root, ref),
    )
  }
  if (hasUnknownKeywords(schema)) return [{ type: 'opaque', schema, ref }]

  const values = enumValues(schema)
  const declared = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  const types: string[] =
    declared.length > 0 ? declared.map(String) : (values?.map(typeOfValue) ?? [])
  if (types.length === 0) {
    return isEmpty(schema) ? [{ type: 'any', schema, ref }] : [{ type: 'opaque', schema, ref }]
  }
  return [...new Set(types)].map((type) => {
    const own = values?.filter((value) => accepts(type, value))
    const { const: _c, enum: _e, ...rest } = schema
    const variant: JsonSchema = { ...rest, type, ...(own ? { enum: own } : {}) }
    return { type: jsonTypes.has(type) ? (type as VariantType) : 'opaque', schema: variant, ref }
  })
}

/** The values an `enum` or `const` allows, or undefined when the schema allows any value. */
export function enumValues(schema: JsonSchema): readonly unknown[] | undefined {
  if ('const' in schema) return [schema.const]
  return Array.isArray(schema.enum) ? schema.enum : undefined
}

/** Whether a variant of type `wider` accepts every value a variant of type `narrower` does. */
export function covers(wider: VariantType, narrower: VariantType): boolean {
  return wider === narrower || wider === 'any' || (wider === 'number' && narrower === 'integer')
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function accepts(type: string, value: unknown): boolean {
  if (type === 'integer') return Number.isInteger(value)
  return typeOfValue(value) === type
}

/** The keywords the comparison reads; a schema with any other is compared by equality. */
const understood = new Set([
  'type',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  '$ref',
  // strings
  'minLength',
  'maxLength',
  'pattern',
  'format',
  // numbers
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  // arrays
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  // objects
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
])

function hasUnknownKeywords(schema: JsonSchema): boolean {
  if (schema['x-unrepresentable'] === true) return true
  return Object.keys(schema).some((key) => !understood.has(key) && !annotations.has(key))
}

function isEmpty(schema: JsonSchema): boolean {
  return Object.keys(schema).every((key) => annotations.has(key))
}

/** A schema without its annotations, for comparing two opaque variants by equality. */
export function withoutAnnotations(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !annotations.has(key)))
}
