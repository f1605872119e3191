import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // Test infrastructure: the test databases and the migrated PGlite template.
      exclude: ['src/testing/**'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 90 },
    },
  },
})
