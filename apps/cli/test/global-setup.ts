import { fileURLToPath } from 'node:url'
import { build } from 'tsup'
import config from '../tsup.config'

/** Where the tests build the `inkwell` bin (as `pnpm build` does, elsewhere). */
export const TEST_BIN_DIR = fileURLToPath(new URL('../test-output/bin/', import.meta.url))

/**
 * Builds the bin once per run, with the package's own tsup config: the tests run the CLI as
 * it ships, and each child starts in a fraction of the time tsx takes to compile the source.
 */
export default async function setup(): Promise<void> {
  await build({
    ...(config as object),
    outDir: TEST_BIN_DIR,
    silent: true,
    config: false,
  })
}
