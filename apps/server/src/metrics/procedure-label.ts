import { appRouter } from '@inkwell/api'

/** The label of every call to a path the router does not have. */
export const UNKNOWN_PROCEDURE = 'unknown'

const procedures: ReadonlySet<string> = new Set(Object.keys(appRouter._def.procedures))

/**
 * The procedure label for a called path: the path itself when the router has it, else
 * `unknown`. A client chooses the path, so any other label would let it mint a new time
 * series with every request.
 */
export function procedureLabel(path: string | undefined): string {
  return path !== undefined && procedures.has(path) ? path : UNKNOWN_PROCEDURE
}
