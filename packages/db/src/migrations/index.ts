import type { Migration } from 'kysely'
import * as accounts from './0001-accounts'
import * as notes from './0002-notes'

/**
 * Every migration, in order. Listed statically (not read from disk) so the bundled server
 * carries them. Names sort in the order they must run.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-accounts': accounts,
  '0002-notes': notes,
}
