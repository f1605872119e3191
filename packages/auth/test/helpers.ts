import type { Db } from '@inkwell/db'
import { createTestDb } from '@inkwell/db/testing'
import { afterAll, beforeAll } from 'vitest'

export interface TestUsers {
  /** The file's fresh, migrated database (open once `beforeAll` has run). */
  readonly db: () => Db
  /** Inserts a live user with a unique email and returns its id. */
  newUser(): Promise<string>
}

/**
 * Gives the calling test file a database of its own for its whole run, and a way to make
 * users in it. Registers the `beforeAll` / `afterAll` hooks itself.
 */
export function useTestDb(): TestUsers {
  let db: Db | undefined
  beforeAll(async () => {
    db = await createTestDb()
  })
  afterAll(() => db?.close())
  const current = () => {
    if (!db) throw new Error('the test database opens in beforeAll')
    return db
  }
  return {
    db: current,
    async newUser() {
      const row = await current()
        .kysely.insertInto('users')
        .values({ email: `${crypto.randomUUID()}@example.com`, name: 'U', password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },
  }
}
