import { defineConfig } from 'vitest/config'

// End-to-end: each file starts its own server on a fresh database and its own Chromium.
// One file at a time: two cores are enough for one browser and one server, not four.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@inkwell/db/testing/global-setup', './test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
