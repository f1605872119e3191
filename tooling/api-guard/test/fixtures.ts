import type { z } from 'zod'
import { formatChange, type Io, isBreaking } from '../src/change'
import { compareSchemas } from '../src/compare'
import { jsonSchemaOf } from '../src/snapshot'

/** Both zod schemas through `toJSONSchema` (as the snapshot writes them), then compared. */
export function changes(io: Io, before: z.ZodType, after: z.ZodType) {
  const site = { procedure: 'notes.list', io }
  return compareSchemas(jsonSchemaOf(before, io), jsonSchemaOf(after, io), site)
}

/** The breaking changes, as the lines api:check prints. */
export function breaking(io: Io, before: z.ZodType, after: z.ZodType): string[] {
  return changes(io, before, after).filter(isBreaking).map(formatChange)
}

/** The changes that pass (additions and other differences an old client does not notice). */
export function additive(io: Io, before: z.ZodType, after: z.ZodType): string[] {
  return changes(io, before, after)
    .filter((change) => !isBreaking(change))
    .map(formatChange)
}
