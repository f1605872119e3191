import { defineConfig } from 'vitest/config'

// The cluster test: built server processes behind HAProxy (see test/cluster/). Not part of
// `pnpm test`, which runs without a build; `pnpm --filter @inkwell/server test:cluster`.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
