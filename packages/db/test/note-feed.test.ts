import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../src'
import { createTestDb } from '../src/testing'

let db: Db
let kysely: Kysely<unknown>
beforeAll(async () => {
  db = await createTestDb()
  kysely = db.kysely as unknown as Kysely<unknown>
})
afterAll(() => db.close())

async function newUser(email: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into users (email, name, password_hash) values (${email}, 'N', 'x')
    returning id`.execute(kysely)
  return (rows[0] as { id: string }).id
}

async function feedOf(userId: string) {
  const { rows } = await sql<{ title: string | null; seq: string }>`
    select title, change_seq::text as seq from notes where user_id = ${userId}
    union all
    select null, change_seq::text from note_tombstones where user_id = ${userId}
    order by 2`.execute(kysely)
  return rows
}

it('gives each write of an owner the next position, purges included, whoever else writes', async () => {
  const ada = await newUser('feed-ada@example.com')
  const bob = await newUser('feed-bob@example.com')
  await sql`insert into notes (user_id, title) values (${ada}, 'a1')`.execute(kysely)
  await sql`insert into notes (user_id, title) values (${bob}, 'b1')`.execute(kysely)
  await sql`insert into notes (user_id, title) values (${ada}, 'a2'), (${ada}, 'a3')`.execute(
    kysely,
  )
  await sql`update notes set content = 'edited' where title = 'a1'`.execute(kysely)
  await sql`delete from notes where title = 'a2'`.execute(kysely)
  expect(await feedOf(ada)).toEqual([
    { title: 'a3', seq: '3' },
    { title: 'a1', seq: '4' },
    { title: null, seq: '5' },
  ])
  expect(await feedOf(bob)).toEqual([{ title: 'b1', seq: '1' }])
  const { rows } = await sql<{ head: string }>`
    select head::text as head from note_feeds where user_id = ${ada}`.execute(kysely)
  expect(rows).toEqual([{ head: '5' }])
})

it('lets an owner be deleted for good, notes and feed with them', async () => {
  const gone = await newUser('feed-gone@example.com')
  await sql`insert into notes (user_id, title) values (${gone}, 'x'), (${gone}, 'y')`.execute(
    kysely,
  )
  await sql`delete from users where id = ${gone}`.execute(kysely)
  expect(await feedOf(gone)).toEqual([])
  const { rows } = await sql`select 1 from note_feeds where user_id = ${gone}`.execute(kysely)
  expect(rows).toEqual([])
})
