import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    globalSetup: ['@inkwell/db/testing/global-setup'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
