import { packageTestConfig } from '@inkwell/vitest-config'
import { defineConfig, mergeConfig } from 'vitest/config'

export default mergeConfig(
  packageTestConfig,
  defineConfig({
    test: {
      coverage: {
        // Test infrastructure: createTestHarness, used by the tests of this and other packages.
        exclude: ['src/testing.ts'],
      },
    },
  }),
)
