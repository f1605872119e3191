import { type Kysely, type MigrationResultSet, Migrator } from 'kysely'
import { migrations } from './migrations'

/**
 * Brings the schema up to the newest migration. Throws (with the failing migration's name)
 * if one fails; a failed migration rolls back as a whole.
 */
export async function migrate<DB>(db: Kysely<DB>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
  })
  const result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`migration ${failed} failed`, { cause: result.error })
  }
  return result
}
