import type { Stage } from './cpu-profile'

const inCategory =
  (...categories: string[]) =>
  (frame: { category: string }) =>
    categories.includes(frame.category)

/**
 * The stages of Inkwell's request path that the profile summary reports inclusively (any frame
 * of the stage on the stack). They overlap: Kysely's time includes the driver calls it makes,
 * session validation includes its Kysely query.
 */
export const REQUEST_STAGES: readonly Stage[] = [
  { name: 'zod (input and output schemas)', matches: inCategory('zod') },
  { name: 'Kysely (building, compiling and running queries)', matches: inCategory('kysely') },
  {
    name: 'pg driver (pool, protocol, row parsing)',
    matches: inCategory(
      'pg',
      'pg-pool',
      'pg-protocol',
      'pg-types',
      'postgres-date',
      'postgres-array',
      'postgres-interval',
    ),
  },
  {
    name: 'Fetch API objects (undici Request/Headers/Response, AbortSignal, web streams)',
    matches: (f) => /^node:internal\/(deps\/undici|abort_controller|webstreams)/.test(f.file),
  },
  {
    name: 'session validation (SessionManager.validate, token SHA-256)',
    matches: (f) => /^packages\/auth\/src\/(sessions|tokens)\.ts$/.test(f.file),
  },
  { name: 'token SHA-256 in JavaScript (@oslojs/crypto)', matches: inCategory('@oslojs/crypto') },
  {
    name: 'access-log middleware',
    matches: (f) => f.file === 'apps/server/src/middleware/access-log.ts',
  },
  {
    name: 'JSON.stringify / JSON.parse',
    matches: (f) => f.file === '' && (f.name === 'stringify' || f.name === 'parse'),
  },
  { name: 'garbage collection', matches: inCategory('GC') },
]
