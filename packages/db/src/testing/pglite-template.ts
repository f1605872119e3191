import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { migrate } from '../migrate'
import { migrations } from '../migrations'
import { PGliteDialect } from '../pglite-dialect'

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/inkwell/', import.meta.url))

/** Where the migrated data directory for the current migrations is kept. */
function templatePath(): string {
  const hash = createHash('sha256')
  for (const [name, migration] of Object.entries(migrations)) {
    hash.update(name).update(migration.up.toString())
  }
  return `${cacheDir}pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`
}

/**
 * Builds (once per set of migrations) a PGlite data directory with every migration applied,
 * and returns its path. A fresh PGlite takes seconds to initialise and migrate; one loaded
 * from this dump starts in a fraction of that.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = templatePath()
  if (existsSync(path)) return path
  const pglite = new PGlite()
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) })
  try {
    await migrate(db)
    const dump = await pglite.dumpDataDir('gzip')
    mkdirSync(cacheDir, { recursive: true })
    const partial = `${path}.${process.pid}.partial`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, path)
  } finally {
    await db.destroy()
  }
  return path
}

/** The migrated data directory, ready to hand to `new PGlite({ loadDataDir })`. */
export async function loadPgliteTemplate(): Promise<Blob> {
  return new Blob([readFileSync(await ensurePgliteTemplate())])
}
