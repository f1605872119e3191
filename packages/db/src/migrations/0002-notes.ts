import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    // The id of the transaction that last wrote the row: the offline-sync feed's order key.
    .addColumn('change_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')`,
        )
        .stored(),
    )
    .execute()

  // Every write stamps its transaction id, whatever code path made it.
  await sql`
    create function notes_stamp_change() returns trigger language plpgsql as $$
    begin
      new.change_xid := pg_current_xact_id();
      return new;
    end
    $$`.execute(db)
  await sql`
    create trigger notes_stamp_change before insert or update on notes
    for each row execute function notes_stamp_change()`.execute(db)

  // Keyset pages of live notes and of the trash, newest first, per owner.
  await sql`create index notes_live_page_idx on notes (user_id, updated_at desc, id desc) where deleted_at is null`.execute(
    db,
  )
  await sql`create index notes_trash_page_idx on notes (user_id, updated_at desc, id desc) where deleted_at is not null`.execute(
    db,
  )
  // The sync feed: one owner's changes in transaction order.
  await sql`create index notes_changes_idx on notes (user_id, change_xid, id)`.execute(db)
  await sql`create index notes_search_idx on notes using gin (search)`.execute(db)

  // Tags stay an array on the note (its source of truth, in the writer's order) and are
  // mirrored one row per (note, tag) by trigger, so a tag filter is an index lookup and the
  // tag counts an index-only scan, however many notes an owner has.
  await db.schema
    .createTable('note_tags')
    .addColumn('note_id', 'uuid', (c) => c.notNull().references('notes.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('live', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_tags_pkey', ['note_id', 'tag'])
    .execute()
  await sql`create index note_tags_filter_idx on note_tags (user_id, tag, note_id)`.execute(db)
  await sql`create index note_tags_count_idx on note_tags (user_id, live, tag)`.execute(db)
  await sql`
    create function notes_mirror_tags() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.tags = old.tags
         and (new.deleted_at is null) = (old.deleted_at is null) then
        return null;
      end if;
      delete from note_tags where note_id = new.id;
      insert into note_tags (note_id, user_id, tag, live)
        select new.id, new.user_id, tag, new.deleted_at is null from unnest(new.tags) as tag;
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger notes_mirror_tags after insert or update on notes
    for each row execute function notes_mirror_tags()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('note_tags').execute()
  await db.schema.dropTable('notes').execute()
  await sql`drop function notes_mirror_tags()`.execute(db)
  await sql`drop function notes_stamp_change()`.execute(db)
}
