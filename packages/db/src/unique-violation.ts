/**
 * True when `error` is PostgreSQL's unique_violation (23505), from `pg` or from PGlite,
 * optionally on the named constraint or index.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, constraint: name } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && (constraint === undefined || name === constraint)
}
