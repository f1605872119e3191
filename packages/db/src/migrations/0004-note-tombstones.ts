import { type Kysely, sql } from 'kysely'

/**
 * A note deleted for good leaves a tombstone, so the sync feed can tell offline copies to drop
 * it too. Tombstones are kept 90 days; `note_history` remembers how far they were pruned, and a
 * sync cursor from before that is expired (the client syncs from scratch).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('note_tombstones')
    // No foreign keys: the note is gone, and the owner's row is only ever soft-deleted.
    .addColumn('note_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('purged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Same order key as notes.change_xid: the feed merges the two.
    .addColumn('change_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addPrimaryKeyConstraint('note_tombstones_pkey', ['user_id', 'note_id'])
    .execute()
  await sql`create index note_tombstones_feed_idx on note_tombstones (user_id, change_xid, note_id)`.execute(
    db,
  )
  await sql`create index note_tombstones_age_idx on note_tombstones (purged_at)`.execute(db)

  // Whatever deletes a note row (a purge, emptying the trash, the 30-day sweep) leaves one.
  await sql`
    create function notes_leave_tombstone() returns trigger language plpgsql as $$
    begin
      insert into note_tombstones (note_id, user_id) values (old.id, old.user_id)
        on conflict (user_id, note_id)
        do update set purged_at = now(), change_xid = pg_current_xact_id();
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger notes_leave_tombstone after delete on notes
    for each row execute function notes_leave_tombstone()`.execute(db)

  // One row: the newest transaction id whose tombstones were pruned. Cursors below it expire.
  await db.schema
    .createTable('note_history')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('pruned_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`'0'::xid8`))
    .execute()
  await sql`insert into note_history default values`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger notes_leave_tombstone on notes`.execute(db)
  await sql`drop function notes_leave_tombstone()`.execute(db)
  await db.schema.dropTable('note_history').execute()
  await db.schema.dropTable('note_tombstones').execute()
}
