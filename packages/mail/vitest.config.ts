import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 20_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // Test infrastructure: the in-process SMTP server the tests deliver to.
      exclude: ['src/testing/**'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 90 },
    },
  },
})
