import { type Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Db, migrate } from '../src'
import { migrations } from '../src/migrations'
import { createTestDb } from '../src/testing'

let db: Db
beforeAll(async () => {
  db = await createTestDb()
})
afterAll(() => db.close())

/** Our tables, functions and applied migrations in the public schema. */
async function schemaState(kysely: Kysely<unknown>) {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(kysely)
  const functions = await sql<{ name: string }>`
    select routine_name as name from information_schema.routines
    where routine_schema = 'public' order by 1`.execute(kysely)
  const applied = await sql<{ name: string }>`
    select name from kysely_migration order by name`.execute(kysely)
  return {
    tables: tables.rows.map((r) => r.name),
    functions: functions.rows.map((r) => r.name),
    applied: applied.rows.map((r) => r.name),
  }
}

async function migrateToZero(kysely: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => ({ ...migrations }) },
  })
  const { error } = await migrator.migrateTo(NO_MIGRATIONS)
  if (error) throw error
}

describe('migrations', () => {
  it('can all be undone, leaving none of their tables or functions, and applied again', async () => {
    const kysely = db.kysely as unknown as Kysely<unknown>
    const migrated = await schemaState(kysely)
    expect(migrated.applied).toEqual(Object.keys(migrations))
    expect(migrated.tables).toEqual(
      expect.arrayContaining(['users', 'sessions', 'one_time_tokens', 'notes', 'note_tags']),
    )

    await migrateToZero(kysely)
    expect(await schemaState(kysely)).toEqual({ tables: [], functions: [], applied: [] })

    const result = await migrate(kysely)
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual(
      Object.keys(migrations).map((name) => [name, 'Success']),
    )
    expect(await schemaState(kysely)).toEqual(migrated)
  })

  it('names the migration that failed, and rolls the whole run back', async () => {
    const kysely = db.kysely as unknown as Kysely<unknown>
    await migrateToZero(kysely)
    // A table in the way of 0002-notes: 0001-accounts succeeds, then 0002 fails.
    await sql`create table notes (id int)`.execute(kysely)

    const error = await migrate(kysely).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe('migration 0002-notes failed')
    expect((error as Error).cause).toMatchObject({ code: '42P07' }) // duplicate_table
    // 0001-accounts ran in the same transaction: it is gone too.
    expect(await schemaState(kysely)).toEqual({ tables: ['notes'], functions: [], applied: [] })

    await sql`drop table notes`.execute(kysely)
    await migrate(kysely)
    expect((await schemaState(kysely)).applied).toEqual(Object.keys(migrations))
  })

  it('numbers the changes already made, per owner and in their old order, when the feed moves to positions', async () => {
    const kysely = db.kysely as unknown as Kysely<unknown>
    await migrateToZero(kysely)
    const migrator = new Migrator({
      db: kysely,
      provider: { getMigrations: async () => ({ ...migrations }) },
    })
    const before = await migrator.migrateTo('0005-avatars')
    if (before.error) throw before.error
    const { rows: users } = await sql<{ id: string }>`
      insert into users (email, name, password_hash)
      values ('a@example.com', 'A', 'x'), ('b@example.com', 'B', 'x')
      returning id`.execute(kysely)
    const [ada, bob] = users.map((u) => u.id) as [string, string]
    // Each statement is its own transaction, so the old order key (the transaction id) grows.
    const write = (sqlText: ReturnType<typeof sql>) => sqlText.execute(kysely)
    await write(
      sql`insert into notes (id, user_id, title) values ('00000000-0000-4000-8000-000000000001', ${ada}, 'first')`,
    )
    await write(
      sql`insert into notes (id, user_id, title) values ('00000000-0000-4000-8000-000000000002', ${bob}, 'bob')`,
    )
    await write(
      sql`insert into notes (id, user_id, title) values ('00000000-0000-4000-8000-000000000003', ${ada}, 'gone')`,
    )
    await write(sql`delete from notes where id = '00000000-0000-4000-8000-000000000003'`)
    await write(
      sql`update notes set title = 'edited' where id = '00000000-0000-4000-8000-000000000001'`,
    )

    await migrate(kysely)
    const { rows: feed } = await sql<{ user_id: string; id: string; seq: string }>`
      select user_id, id, change_seq::text as seq from notes
      union all
      select user_id, note_id, change_seq::text from note_tombstones
      order by 1, 3`.execute(kysely)
    expect(feed.filter((r) => r.user_id === ada).map((r) => [r.id.slice(-1), r.seq])).toEqual([
      ['3', '1'],
      ['1', '2'],
    ])
    expect(feed.filter((r) => r.user_id === bob).map((r) => [r.id.slice(-1), r.seq])).toEqual([
      ['2', '1'],
    ])
    const { rows: heads } = await sql<{ user_id: string; head: string }>`
      select user_id, head::text as head from note_feeds`.execute(kysely)
    expect(Object.fromEntries(heads.map((h) => [h.user_id, h.head]))).toEqual({
      [ada]: '2',
      [bob]: '1',
    })

    // Writes after it go on from each owner's head.
    await write(
      sql`update notes set title = 'again' where id = '00000000-0000-4000-8000-000000000002'`,
    )
    const { rows: after } = await sql<{ seq: string }>`
      select change_seq::text as seq from notes where user_id = ${bob}`.execute(kysely)
    expect(after).toEqual([{ seq: '2' }])
    await write(sql`delete from notes`)
    await write(sql`delete from note_tombstones`)
    await write(sql`delete from note_feeds`)
    await write(sql`delete from users`)
  })
})
