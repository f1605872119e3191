import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely'
import { migrations } from './migrations'

/**
 * Brings the schema up to the newest migration. Throws (with the failing migration's name)
 * if one fails; a failed migration rolls back as a whole. Migrations run on one connection
 * without the pool's `statement_timeout`: building an index on a large table may take longer
 * than any request should.
 */
export async function migrate<DB>(db: Kysely<DB>): Promise<MigrationResultSet> {
  const result = await db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection)
    try {
      const migrator = new Migrator({
        db: connection,
        provider: { getMigrations: async () => ({ ...migrations }) },
      })
      return await migrator.migrateToLatest()
    } finally {
      // Back to the connection's own setting before the pool hands it out again.
      await sql`reset statement_timeout`.execute(connection)
    }
  })
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`migration ${failed} failed`, { cause: result.error })
  }
  return result
}
