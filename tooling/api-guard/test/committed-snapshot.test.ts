import { readFileSync } from 'node:fs'
import { appRouter } from '@inkwell/api'
import { expect, it } from 'vitest'
import { formatChange, isBreaking } from '../src/change'
import { compareSnapshots } from '../src/compare-snapshots'
import { buildSnapshot } from '../src/snapshot'
import { parseSnapshot } from '../src/snapshot-format'

const file = new URL('../../../packages/api/api-snapshot.json', import.meta.url)

/**
 * `pnpm test` catches a breaking change made without regenerating the snapshot. Additions only
 * print a notice here: a new procedure or field must not fail the suite before `pnpm api:snapshot`.
 */
it('the committed API snapshot records every breaking change of the router', async () => {
  const committed = parseSnapshot(readFileSync(file, 'utf8'))
  const changes = compareSnapshots(committed, await buildSnapshot(appRouter))
  const additive = changes.filter((change) => !isBreaking(change))
  if (additive.length > 0) {
    console.warn(
      [
        'packages/api/api-snapshot.json misses non-breaking changes (run `pnpm api:snapshot`):',
        ...additive.map((change) => `  ${formatChange(change)}`),
      ].join('\n'),
    )
  }
  expect(changes.filter(isBreaking).map(formatChange)).toEqual([])
})
