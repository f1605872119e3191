import { ensurePgliteTemplate } from './pglite-template'

/** vitest globalSetup: build the migrated PGlite template once, before any worker starts. */
export default async function setup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) await ensurePgliteTemplate()
}
