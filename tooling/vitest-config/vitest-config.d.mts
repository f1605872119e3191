import type { ViteUserConfig } from 'vitest/config'

/**
 * The vitest setup of a package whose tests run on a fresh database per file: the shared
 * global setup (PGlite, or `TEST_DATABASE_URL`), timeouts that allow for a cold database,
 * and the coverage gate (90% of the lines in `src/`).
 *
 * @example
 * // vitest.config.ts, as it is
 * import { packageTestConfig } from '@inkwell/vitest-config'
 * export default packageTestConfig
 *
 * @example
 * // vitest.config.ts, with something of its own
 * import { packageTestConfig } from '@inkwell/vitest-config'
 * import { defineConfig, mergeConfig } from 'vitest/config'
 * export default mergeConfig(packageTestConfig, defineConfig({ test: { retry: 1 } }))
 */
export declare const packageTestConfig: ViteUserConfig
