import type { AnyProcedure, AnyRouter } from '@trpc/server'
import type { OpenApiMeta } from 'trpc-to-openapi'
import { type ZodType, z } from 'zod'

/** How a query-string value becomes the JSON type its input field expects. */
export type QueryKind = 'string' | 'number' | 'boolean' | 'array'

/** One procedure on the REST face: where it lives and how to read its input. */
export interface RestRoute {
  readonly method: string
  /** The path template, as in the document: `/notes/{id}`. */
  readonly template: string
  readonly procedurePath: string
  readonly type: 'query' | 'mutation'
  /** Matches a request path; its groups are the path parameters. */
  readonly pattern: RegExp
  readonly params: readonly string[]
  /** Whether the procedure takes an input at all. */
  readonly hasInput: boolean
  /** The input's top-level fields, and how to read each from a query string. */
  readonly queryKinds: ReadonlyMap<string, QueryKind>
}

/**
 * Every procedure with `meta.openapi`, as routes. Literal segments win over parameters
 * (`/notes/tags` before `/notes/{id}`), so the order of the router does not matter.
 */
export function restRoutesOf(router: AnyRouter): readonly RestRoute[] {
  const routes: RestRoute[] = []
  const procedures = router._def.procedures as Record<string, AnyProcedure>
  for (const [procedurePath, procedure] of Object.entries(procedures)) {
    const openapi = (procedure._def.meta as OpenApiMeta | undefined)?.openapi
    if (!openapi || openapi.enabled === false) continue
    const type = procedure._def.type
    if (type !== 'query' && type !== 'mutation') continue
    const params = [...openapi.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)
    const source = openapi.path.replace(/\{\w+\}/g, '([^/]+)').replace(/\//g, '\\/')
    const inputs = procedure._def.inputs as ZodType[]
    routes.push({
      method: openapi.method,
      template: openapi.path,
      procedurePath,
      type,
      pattern: new RegExp(`^${source}$`),
      params,
      hasInput: inputs.length > 0,
      queryKinds: queryKindsOf(inputs[0]),
    })
  }
  return routes.sort((a, b) => a.params.length - b.params.length)
}

function queryKindsOf(input: ZodType | undefined): ReadonlyMap<string, QueryKind> {
  const kinds = new Map<string, QueryKind>()
  if (!input) return kinds
  const schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' })
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    const type = typeof property === 'object' ? property.type : undefined
    if (type === 'integer' || type === 'number') kinds.set(field, 'number')
    else if (type === 'boolean') kinds.set(field, 'boolean')
    else if (type === 'array') kinds.set(field, 'array')
    else kinds.set(field, 'string')
  }
  return kinds
}

/**
 * A query string as the input object its route expects: `limit=20` is the number 20,
 * `trashed=false` is `false`, a repeated key of a list field is a list. Anything that does not
 * read as its type is passed on as text, for the input's schema to refuse (400).
 */
export function inputFromQuery(
  query: URLSearchParams,
  kinds: ReadonlyMap<string, QueryKind>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key)
    const kind = kinds.get(key) ?? 'string'
    if (kind === 'array') {
      input[key] = values
      continue
    }
    const value = values.length === 1 ? (values[0] as string) : values
    if (typeof value !== 'string') input[key] = value
    else if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(value)) input[key] = Number(value)
    else if (kind === 'boolean' && (value === 'true' || value === 'false'))
      input[key] = value === 'true'
    else input[key] = value
  }
  return input
}
