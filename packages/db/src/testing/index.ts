export { createTestDb } from './test-db'
export { ensurePgliteTemplate, loadPgliteTemplate } from './pglite-template'
