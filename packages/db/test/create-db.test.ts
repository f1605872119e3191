import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from '../src'
import { loadPgliteTemplate } from '../src/testing'

const scratch = mkdtempSync(join(tmpdir(), 'inkwell-create-db-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('createDb', () => {
  it('refuses a URL that is neither postgres://, memory:// nor unset, naming the variable', () => {
    expect(() => createDb('mysql://root@localhost/inkwell')).toThrow(
      'DATABASE_URL must be postgres://…, memory:// or unset',
    )
    expect(() => createDb('./inkwell.db')).toThrow('DATABASE_URL')
  })

  it('takes postgres:// and postgresql:// URLs as PostgreSQL, connecting only when used', async () => {
    for (const url of [
      'postgres://nobody@127.0.0.1:1/none',
      'postgresql://nobody@127.0.0.1:1/none',
    ]) {
      const db = createDb(url)
      expect(db.kind).toBe('postgres')
      await expect(db.kysely.selectFrom('users').select('id').execute()).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      })
      await db.close()
    }
  })

  it('keeps the embedded database on disk under dataDir when no URL is given', async () => {
    const dataDir = join(scratch, 'nested', 'pglite')
    const first = createDb(undefined, { dataDir, loadDataDir: await loadPgliteTemplate() })
    expect(first.kind).toBe('pglite')
    await first.kysely
      .insertInto('users')
      .values({ email: 'kept@disk.test', name: 'Kept', password_hash: 'x' })
      .execute()
    await first.close()

    // Opened again from the folder alone: the row written before is still there.
    const again = createDb('', { dataDir })
    try {
      const rows = await again.kysely.selectFrom('users').select(['email', 'name']).execute()
      expect(rows).toEqual([{ email: 'kept@disk.test', name: 'Kept' }])
    } finally {
      await again.close()
    }
  }, 120_000)
})
