import { join } from 'node:path'
import { createDb, migrate } from '@inkwell/db'
import { ConfigError, loadConfig } from './config'

// `pnpm db:migrate`: applies pending migrations to the configured database.
try {
  const config = loadConfig()
  const db = createDb(config.DATABASE_URL, { dataDir: join(config.DATA_DIR, 'pglite') })
  try {
    const { results = [] } = await migrate(db.kysely)
    for (const r of results) console.log(`${r.status.toLowerCase()}: ${r.migrationName}`)
    if (results.length === 0) console.log('already up to date')
  } finally {
    await db.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
}
