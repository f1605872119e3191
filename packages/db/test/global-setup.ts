import { ensurePgliteTemplate } from '../src/testing/pglite-template'

/**
 * vitest globalSetup of this package: build the migrated PGlite template once, before any
 * worker starts, even when TEST_DATABASE_URL points the suite at PostgreSQL. Unlike the other
 * packages, several test files here open the embedded database whatever that variable says;
 * left to them, each worker would build the template itself, all at once.
 */
export default async function setup(): Promise<void> {
  await ensurePgliteTemplate()
}
