import { fileURLToPath } from 'node:url'

/** The built app (`vite build`), as the server serves it in production. */
export const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url))
/** Screenshots of the main pages, written by every run (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-output/screenshots/', import.meta.url),
)
