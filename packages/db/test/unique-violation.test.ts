import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, isUniqueViolation } from '../src'
import { createTestDb } from '../src/testing'

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

/** The error the database raises for this insert, or undefined if it succeeds. */
function insertUser(values: { email: string; name?: string | null }): Promise<unknown> {
  return db.kysely
    .insertInto('users')
    .values({ email: values.email, name: values.name as string, password_hash: 'x' })
    .execute()
    .then(
      () => undefined,
      (error: unknown) => error,
    )
}

describe('isUniqueViolation', () => {
  it('recognises the database error for a taken email, by its index', async () => {
    expect(await insertUser({ email: 'taken@example.com', name: 'A' })).toBeUndefined()
    const error = await insertUser({ email: 'Taken@Example.com', name: 'B' })
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(error, 'users_email_key')).toBe(true)
    expect(isUniqueViolation(error, 'sessions_token_hash_key')).toBe(false)
  })

  it('is false for other database errors', async () => {
    // 23502: not_null_violation
    const error = await insertUser({ email: 'nameless@example.com', name: null })
    expect(error).toMatchObject({ code: '23502' })
    expect(isUniqueViolation(error)).toBe(false)
  })

  it('is false for anything that is not a database error', () => {
    for (const value of [undefined, null, '23505', 23505, new Error('23505'), { code: 23505 }]) {
      expect(isUniqueViolation(value)).toBe(false)
    }
  })
})
