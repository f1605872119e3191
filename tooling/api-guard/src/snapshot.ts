import { z } from 'zod'
import { isSchemaObject, isUnrepresentable, type JsonSchema, unrepresentable } from './json-schema'
import type { ApiSnapshot, ProcedureKind, ProcedureSnapshot } from './snapshot-format'

/**
 * The parts of a tRPC v11 router this reads: `_def.procedures`, every procedure by dotted path
 * (sub-routers flattened), and `_def.lazy`, the `lazy()` sub-routers not loaded yet.
 */
export interface RouterLike {
  readonly _def: {
    readonly procedures: Readonly<Record<string, unknown>>
    readonly lazy?: Readonly<Record<string, { load(): Promise<void> }>>
  }
}

/** A procedure's `_def` in tRPC v11: the parsers given to `.input()` (each call adds one) and `.output()`. */
interface ProcedureDef {
  readonly type?: unknown
  readonly inputs?: readonly unknown[]
  readonly output?: unknown
}

const kinds = new Set<string>(['query', 'mutation', 'subscription'])

/**
 * The snapshot of a router: for each procedure its kind, the JSON Schema of its input as a
 * client sends it (`io: 'input'`: a field with a default is optional, a transform's input side
 * is described) and of its output as a client receives it (`io: 'output'`).
 *
 * @example
 * const snapshot = await buildSnapshot(appRouter)
 * snapshot.procedures['notes.get']?.kind // 'query'
 */
export async function buildSnapshot(router: RouterLike): Promise<ApiSnapshot> {
  await loadLazyRouters(router)
  const procedures: Record<string, ProcedureSnapshot> = {}
  for (const [path, procedure] of Object.entries(router._def.procedures)) {
    procedures[path] = describeProcedure(path, procedure)
  }
  return { procedures }
}

/** Loading a lazy router adds its procedures (and maybe more lazy routers) to `_def`. */
async function loadLazyRouters(router: RouterLike): Promise<void> {
  let pending = Object.values(router._def.lazy ?? {})
  while (pending.length > 0) {
    await Promise.all(pending.map((loader) => loader.load()))
    pending = Object.values(router._def.lazy ?? {})
  }
}

function describeProcedure(path: string, procedure: unknown): ProcedureSnapshot {
  const def = (procedure as { _def?: ProcedureDef } | null)?._def
  const kind = def?.type
  if (typeof kind !== 'string' || !kinds.has(kind)) {
    throw new Error(`${path}: not a tRPC v11 procedure (its _def.type is ${String(kind)})`)
  }
  const inputs = def?.inputs ?? []
  const output = def?.output === undefined ? null : jsonSchemaOf(def.output, 'output')
  if (inputs.length === 0) return { kind: kind as ProcedureKind, input: null, output }
  return {
    kind: kind as ProcedureKind,
    input: mergeInputs(inputs.map((parser) => jsonSchemaOf(parser, 'input'))),
    inputOptional: inputs.every(acceptsUndefined),
    output,
  }
}

/**
 * A parser's JSON Schema, from zod's `toJSONSchema`. Anything JSON Schema cannot describe (a
 * parser that is not a zod schema, such as a FormData parser; a transform's output; a
 * `z.custom()`) becomes `{ "x-unrepresentable": true }` instead of an error, so the snapshot
 * still records the procedure and a change to or from it is still caught.
 */
export function jsonSchemaOf(parser: unknown, io: 'input' | 'output'): JsonSchema {
  if (!isZodSchema(parser)) return unrepresentable()
  let schema: JsonSchema
  try {
    schema = z.toJSONSchema(parser, { io, unrepresentable: () => unrepresentable() }) as JsonSchema
  } catch {
    return unrepresentable()
  }
  const { $schema: _, ...rest } = schema
  return rest
}

function isZodSchema(parser: unknown): parser is z.core.$ZodType {
  return typeof parser === 'object' && parser !== null && '_zod' in parser
}

/** Whether tRPC can call the procedure with no input: zod's `optin` marks optional and defaulted schemas. */
function acceptsUndefined(parser: unknown): boolean {
  return isZodSchema(parser) && parser._zod.optin !== undefined
}

/**
 * tRPC checks the raw input against every chained `.input()` parser and merges the results, so
 * object inputs with distinct keys describe one object (every key required by one is required).
 * Anything else (shared keys, inputs that are not plain objects) stays side by side in `allOf`,
 * which the comparison treats as one opaque shape.
 */
function mergeInputs(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return schemas[0]!
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  for (const schema of schemas) {
    const own = isSchemaObject(schema.properties) ? schema.properties : {}
    const plain = schema.type === 'object' && !isUnrepresentable(schema) && !('$ref' in schema)
    if (!plain || Object.keys(own).some((key) => key in properties)) return { allOf: schemas }
    Object.assign(properties, own)
    required.push(...(Array.isArray(schema.required) ? schema.required.map(String) : []))
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) }
}
