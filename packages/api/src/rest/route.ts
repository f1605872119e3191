import type { OpenApiMeta, OpenApiMethod } from 'trpc-to-openapi'

/** Where the REST face is mounted; the paths given to `restRoute` are relative to it. */
export const REST_PREFIX = '/api/v1'

/**
 * A procedure's place on the REST face (`/api/v1…`) and in the OpenAPI document: its method,
 * path (`{id}` takes the input field `id`), and a one-line summary. Tagged by the path's first
 * segment. Public procedures (no credential needed) say so: they carry no security in the document.
 *
 * @example
 * authedProcedure.meta(restRoute('PATCH', '/notes/{id}', 'Edit a note')).input(…)
 */
export function restRoute(
  method: OpenApiMethod,
  path: `/${string}`,
  summary: string,
  options: { readonly public?: boolean } = {},
): OpenApiMeta {
  const tag = path.split('/')[1] ?? 'api'
  return { openapi: { method, path, summary, tags: [tag], protect: !options.public } }
}
