import { type Kysely, sql } from 'kysely'

/**
 * Avatars live in the database, so every instance serves every one: one row per distinct
 * image (the WebP the server made), named by the SHA-256 of its bytes. A user points at one
 * through `avatar_hash` (a foreign key: no user can point at an image that is gone), and
 * `avatar_url` becomes `/avatars/<hash>.webp`, derived from it: a new image is a new URL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('avatars')
    .addColumn('hash', 'text', (c) => c.primaryKey().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .alterTable('users')
    .addColumn('avatar_hash', 'text', (c) => c.references('avatars.hash'))
    .execute()
  // Garbage collection asks whether anyone still points at an image.
  await sql`create index users_avatar_hash_idx on users (avatar_hash) where avatar_hash is not null`.execute(
    db,
  )

  // Nothing could set avatar_url before this migration (no procedure wrote it), so there is no
  // value to carry over: it is now computed from avatar_hash.
  await db.schema.alterTable('users').dropColumn('avatar_url').execute()
  await db.schema
    .alterTable('users')
    .addColumn('avatar_url', 'text', (c) =>
      c.generatedAlwaysAs(sql`'/avatars/' || avatar_hash || '.webp'`).stored(),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('avatar_url').execute()
  await db.schema.alterTable('users').addColumn('avatar_url', 'text').execute()
  await db.schema.alterTable('users').dropColumn('avatar_hash').execute()
  await db.schema.dropTable('avatars').execute()
}
