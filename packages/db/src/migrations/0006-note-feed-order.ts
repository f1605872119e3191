import { type Kysely, sql } from 'kysely'

/**
 * The sync feed's order key becomes a per-owner sequence number instead of the writing
 * transaction's id.
 *
 * Ordered by transaction id, the feed had to hold back every change newer than the oldest
 * transaction still running anywhere on the PostgreSQL server (its snapshot's xmin): any open
 * transaction, of any database on that server (a backup's long read, a report, another app),
 * stalled every user's sync until it ended.
 *
 * Now each write takes the next number from its owner's row in `note_feeds`. That row stays
 * locked until the writing transaction ends, so an owner's numbers are handed out in commit
 * order: whatever a reader sees is every change up to the highest number it sees, and a change
 * still in flight always gets a higher number than any a reader was given. Writes of one owner
 * queue behind each other for the rest of their transaction (single statements here); other
 * owners never wait. `note_feeds.pruned` replaces the global `note_history`: a cursor below it
 * may have missed a purge whose tombstone is gone.
 *
 * Lock order: an UPDATE locks a note's row, then the feed row (in its BEFORE trigger); a
 * DELETE locks all its rows before the feed row (the tombstone trigger runs after the
 * statement). A transaction that updates several notes must lock the feed row first
 * (`note_feed_next`, or `select ... for update` on `note_feeds`), or it can deadlock with a
 * single write of the same owner.
 *
 * Existing changes are numbered per owner in their old order. Cursors of the old form expire
 * (the client syncs from scratch once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table note_feeds (
      user_id uuid primary key references users (id) on delete cascade,
      head bigint not null default 0,
      pruned bigint not null default 0
    )`.execute(db)
  await sql`alter table notes add column change_seq bigint`.execute(db)
  await sql`alter table note_tombstones add column change_seq bigint`.execute(db)

  await sql`drop trigger notes_stamp_change on notes`.execute(db)
  await sql`
    create temporary table numbered_changes as
      select user_id, id, purged,
             row_number() over (partition by user_id order by change_xid, id) as seq
      from (
        select user_id, id, change_xid, false as purged from notes
        union all
        select user_id, note_id, change_xid, true from note_tombstones
      ) as entries`.execute(db)
  await sql`
    update notes set change_seq = numbered.seq
    from numbered_changes as numbered
    where not numbered.purged and notes.id = numbered.id`.execute(db)
  await sql`
    update note_tombstones set change_seq = numbered.seq
    from numbered_changes as numbered
    where numbered.purged and note_tombstones.user_id = numbered.user_id
      and note_tombstones.note_id = numbered.id`.execute(db)
  await sql`
    insert into note_feeds (user_id, head)
      select user_id, max(seq) from numbered_changes group by user_id`.execute(db)
  await sql`drop table numbered_changes`.execute(db)

  // The plain UPDATE first: an owner's feed row exists after their first write, and an
  // INSERT ... ON CONFLICT costs more every time.
  await sql`
    create function note_feed_next(owner uuid) returns bigint language plpgsql as $$
    declare
      position bigint;
    begin
      update note_feeds set head = head + 1 where user_id = owner returning head into position;
      if not found then
        insert into note_feeds as feed (user_id, head) values (owner, 1)
          on conflict (user_id) do update set head = feed.head + 1
          returning head into position;
      end if;
      return position;
    end
    $$`.execute(db)
  await sql`
    create or replace function notes_stamp_change() returns trigger language plpgsql as $$
    begin
      new.change_seq := note_feed_next(new.user_id);
      return new;
    end
    $$`.execute(db)
  await sql`
    create trigger notes_stamp_change before insert or update on notes
    for each row execute function notes_stamp_change()`.execute(db)
  // An owner deleted for good (by an operator: the app only soft-deletes) takes their notes
  // with them, and needs neither tombstones nor a feed any more.
  await sql`
    create or replace function notes_leave_tombstone() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from users where id = old.user_id) then
        return null;
      end if;
      insert into note_tombstones (note_id, user_id, change_seq)
        values (old.id, old.user_id, note_feed_next(old.user_id))
        on conflict (user_id, note_id)
        do update set purged_at = now(), change_seq = excluded.change_seq;
      return null;
    end
    $$`.execute(db)

  await sql`alter table notes alter column change_seq set not null`.execute(db)
  await sql`alter table note_tombstones alter column change_seq set not null`.execute(db)
  await sql`drop index notes_changes_idx`.execute(db)
  await sql`drop index note_tombstones_feed_idx`.execute(db)
  await sql`alter table notes drop column change_xid`.execute(db)
  await sql`alter table note_tombstones drop column change_xid`.execute(db)
  await sql`create unique index notes_changes_idx on notes (user_id, change_seq)`.execute(db)
  await sql`create unique index note_tombstones_feed_idx on note_tombstones (user_id, change_seq)`.execute(
    db,
  )
  await sql`drop table note_history`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table note_history (
      id boolean primary key default true check (id),
      pruned_xid xid8 not null default '0'::xid8
    )`.execute(db)
  await sql`insert into note_history default values`.execute(db)
  await sql`drop index notes_changes_idx`.execute(db)
  await sql`drop index note_tombstones_feed_idx`.execute(db)
  // The old order cannot be recovered: every change counts as made now.
  await sql`alter table notes add column change_xid xid8 not null default pg_current_xact_id()`.execute(
    db,
  )
  await sql`alter table note_tombstones add column change_xid xid8 not null default pg_current_xact_id()`.execute(
    db,
  )
  await sql`create index notes_changes_idx on notes (user_id, change_xid, id)`.execute(db)
  await sql`create index note_tombstones_feed_idx on note_tombstones (user_id, change_xid, note_id)`.execute(
    db,
  )
  await sql`
    create or replace function notes_stamp_change() returns trigger language plpgsql as $$
    begin
      new.change_xid := pg_current_xact_id();
      return new;
    end
    $$`.execute(db)
  await sql`
    create or replace function notes_leave_tombstone() returns trigger language plpgsql as $$
    begin
      insert into note_tombstones (note_id, user_id) values (old.id, old.user_id)
        on conflict (user_id, note_id)
        do update set purged_at = now(), change_xid = pg_current_xact_id();
      return null;
    end
    $$`.execute(db)
  await sql`alter table notes drop column change_seq`.execute(db)
  await sql`alter table note_tombstones drop column change_seq`.execute(db)
  await sql`drop function note_feed_next(uuid)`.execute(db)
  await sql`drop table note_feeds`.execute(db)
}
