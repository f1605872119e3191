// Plain JavaScript: vitest loads a linked workspace package's config with Node itself, which
// cannot import TypeScript on Node 20. The types are in vitest-config.d.mts.
import { defineConfig } from 'vitest/config'

export const packageTestConfig = defineConfig({
  test: {
    globalSetup: ['@inkwell/db/testing/global-setup'],
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
