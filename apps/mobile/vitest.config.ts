import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // One file at a time: two cores are enough for one browser and one server.
    fileParallelism: false,
    projects: [
      {
        // The app's pure logic (filters, tags, the sync line), on its own.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        // The web export in Chromium against a real server on a fresh database.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['@inkwell/db/testing/global-setup', './test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
