import type { JsonCalls } from '@inkwell/api'
import type { Context } from 'hono'
import type { AppEnv } from './types'

/** Procedure paths as the client sends them: dotted names, comma-separated in a batch. */
const PLAIN_PATHS = /^\/trpc\/([A-Za-z0-9_.]+(?:,[A-Za-z0-9_.]+)*)$/

/**
 * The calls a `/trpc` request makes, when they are plain: queries by GET with no query
 * parameters but `input` (and `batch=1`), or mutations by POST with a JSON body and no query
 * string but `batch=1`; at most `maxBatchSize` of them; nothing streamed (`trpc-accept`,
 * `Accept: application/jsonl`), no form, nothing to decode in the path. Anything else is
 * null, and tRPC's fetch adapter serves it. Reads the URL and headers only: the body is read
 * when a procedure asks for its input.
 */
export function jsonCallsOf(
  c: Context<AppEnv>,
  maxBatchSize: number,
): Pick<JsonCalls, 'paths' | 'batch' | 'type' | 'readInput'> | null {
  const method = c.req.method
  if (method !== 'GET' && method !== 'POST') return null
  const names = PLAIN_PATHS.exec(c.req.path)?.[1]
  if (!names) return null
  if (c.req.header('trpc-accept') !== undefined) return null
  if (c.req.header('accept')?.includes('application/jsonl')) return null
  const contentType = c.req.header('content-type')
  if (method === 'POST' ? !isJson(contentType) : contentType !== undefined && !isJson(contentType))
    return null
  const query = queryOf(c.req.url, method === 'GET' ? ['batch', 'input'] : ['batch'])
  if (!query) return null
  const batch = query.get('batch')
  if (batch !== null && batch !== '1') return null
  const paths = batch ? names.split(',') : [names]
  if (paths.length > maxBatchSize) return null
  const type = method === 'GET' ? 'query' : 'mutation'
  if (type === 'mutation')
    return { paths, batch: Boolean(batch), type, readInput: () => c.req.raw.text() }
  const input = query.get('input') ?? undefined
  return { paths, batch: Boolean(batch), type, readInput: async () => input }
}

/** The query string's parameters, or null when it has one not in `allowed`, or one twice. */
function queryOf(url: string, allowed: readonly string[]): URLSearchParams | null {
  const at = url.indexOf('?')
  const params = new URLSearchParams(at === -1 ? '' : url.slice(at + 1))
  const seen = new Set<string>()
  for (const key of params.keys()) {
    if (!allowed.includes(key) || seen.has(key)) return null
    seen.add(key)
  }
  return params
}

/** As tRPC matches it: the media type before any parameters, in any case. */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json'
}
