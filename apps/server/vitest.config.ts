import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globalSetup: ['@inkwell/db/testing/global-setup'],
    // The cluster test needs a build and HAProxy: `pnpm test:cluster` (vitest.cluster.config.ts).
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 90 },
    },
  },
})
