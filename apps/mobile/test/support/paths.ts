import { fileURLToPath } from 'node:url'

/** The app itself. */
export const APP_DIR = fileURLToPath(new URL('../../', import.meta.url))
/** The web export (`pnpm build`: `expo export --platform web`). */
export const DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url))
/** Screenshots written by every end-to-end run (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-output/screenshots/', import.meta.url),
)
