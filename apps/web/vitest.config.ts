import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // One file at a time: two cores are enough for one browser and one server, not four.
    fileParallelism: false,
    projects: [
      {
        // Hooks and components on their own, in a simulated DOM: no build, server or browser.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        // The built app: the bundle check, and end-to-end, where each file starts its own
        // server on a fresh database and its own Chromium.
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**'],
          globalSetup: ['@inkwell/db/testing/global-setup', './test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
    // Pages and components are covered end to end, in Chromium, where coverage is not
    // measured; the gate is on the unit-tested code: lib/ and the hooks.
    coverage: {
      provider: 'v8',
      include: ['src/lib/**', 'src/**/use-*.ts'],
      reporter: [['text', { skipFull: true }], 'text-summary'],
      thresholds: { lines: 90 },
    },
  },
})
