import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { CHROMIUM } from './support/browser'
import { DIST_DIR } from './support/paths'

/** The tests run against the built app: build it if `pnpm test` has not just done so. */
export default async function setup(): Promise<void> {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    await build({ root: join(DIST_DIR, '..'), logLevel: 'warn' })
  }
  if (!existsSync(CHROMIUM) && !process.env.CI) {
    const line = '!'.repeat(78)
    console.warn(
      [
        line,
        `!! END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM}.`,
        '!! Install it with: apt-get install -y chromium   (in CI, a missing browser fails)',
        line,
      ].join('\n'),
    )
  }
}
