import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { CHROMIUM } from '@inkwell/web/test/support/browser'
import { APP_DIR, DIST_DIR } from './support/paths'

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}

/** What the export is made from: the app, and the workspace packages it bundles as source. */
function sources(): string[] {
  const require = createRequire(import.meta.url)
  const packageSrc = (name: string) => dirname(require.resolve(name))
  return [join(APP_DIR, 'src'), packageSrc('@inkwell/sync'), packageSrc('@inkwell/client')]
}

/**
 * The tests run against the web export: export it when there is none, or when its sources
 * changed since.
 */
export default function setup(): void {
  const index = join(DIST_DIR, 'index.html')
  const built = existsSync(index) ? statSync(index).mtimeMs : 0
  const changed = Math.max(
    statSync(join(APP_DIR, 'app.json')).mtimeMs,
    statSync(join(APP_DIR, 'package.json')).mtimeMs,
    ...sources().map(newest),
  )
  const stale = built < changed
  if (stale) {
    execFileSync('pnpm', ['exec', 'expo', 'export', '--platform', 'web', '--output-dir', 'dist'], {
      cwd: APP_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CI: '1' },
    })
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
