export { ensurePgliteTemplate, loadPgliteTemplate } from './pglite-template'
export { createTestDb } from './test-db'
