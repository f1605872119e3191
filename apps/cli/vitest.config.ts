import { defineConfig } from 'vitest/config'

// Each file starts a real server on a fresh database and runs the CLI as child processes.
// One file at a time: every child is a Node process of its own, and two cores are shared.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@inkwell/db/testing/global-setup', './test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Reported, not gated: the 90% gate is on packages/* and apps/server. The tests run the
    // built bin in child processes, which in-process coverage does not see.
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
    },
  },
})
