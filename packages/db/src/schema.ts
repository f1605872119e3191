import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A timestamp column: read as a Date, written as a Date or an SQL expression. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>

export type Role = 'user' | 'admin'
export type OneTimeTokenKind = 'password_reset' | 'email_verification'
export type ApiTokenScope = 'read' | 'write'

export interface UsersTable {
  readonly id: Generated<string>
  email: string
  name: string
  role: ColumnType<Role, Role | undefined, Role>
  disabled: ColumnType<boolean, boolean | undefined, boolean>
  password_hash: string
  email_verified_at: NullableTimestamp
  /** The user's avatar, if any: a row of `avatars`. */
  avatar_hash: ColumnType<string | null, string | null | undefined, string | null>
  /** `/avatars/<avatar_hash>.webp`, computed by the database from `avatar_hash`. */
  readonly avatar_url: ColumnType<string | null, never, never>
  deleted_at: NullableTimestamp
  readonly created_at: Timestamp
  updated_at: Timestamp
}

export interface SessionsTable {
  readonly id: Generated<string>
  token_hash: string
  readonly user_id: string
  readonly created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Date
  user_agent: string | null
  ip: string | null
}

export interface OneTimeTokensTable {
  readonly id: Generated<string>
  token_hash: string
  kind: OneTimeTokenKind
  readonly user_id: string
  expires_at: Date
  used_at: NullableTimestamp
  readonly created_at: Timestamp
}

export interface ApiTokensTable {
  readonly id: Generated<string>
  readonly user_id: string
  name: string
  scope: ApiTokenScope
  readonly token_hash: string
  readonly created_at: Timestamp
  last_used_at: NullableTimestamp
  expires_at: Date
}

export interface NotesTable {
  readonly id: Generated<string>
  readonly user_id: string
  title: string
  content: ColumnType<string, string | undefined, string>
  tags: ColumnType<string[], string[] | undefined, string[]>
  version: ColumnType<number, number | undefined, number>
  readonly created_at: Timestamp
  updated_at: Timestamp
  deleted_at: NullableTimestamp
  /** The owner's feed position, set by a trigger on every write; read as text (bigint). */
  readonly change_seq: ColumnType<string, never, never>
  /** Generated from title and content. */
  readonly search: ColumnType<string, never, never>
}

/** One row per (note, tag), kept by trigger from `notes.tags`: read-only for the app. */
export interface NoteTagsTable {
  readonly note_id: string
  readonly user_id: string
  readonly tag: string
  /** False while the note is in the trash. */
  readonly live: boolean
}

/** What is left of a note deleted for good: the sync feed reports it as purged. */
export interface NoteTombstonesTable {
  readonly note_id: string
  readonly user_id: string
  readonly purged_at: Timestamp
  /** The owner's feed position of the purge, read as text (bigint). */
  readonly change_seq: ColumnType<string, never, never>
}

/**
 * One row per owner: the last feed position handed to a write (`head`, kept by triggers) and
 * how far that owner's tombstones were pruned (`pruned`): sync cursors below it expire.
 */
export interface NoteFeedsTable {
  readonly user_id: string
  readonly head: ColumnType<string, never, never>
  pruned: ColumnType<string, never, string>
}

/** An avatar image (256x256 WebP), named by the SHA-256 hex of its bytes. */
export interface AvatarsTable {
  readonly hash: string
  readonly bytes: Uint8Array
  readonly created_at: Timestamp
}

/** Every table Kysely knows about. Later modules add theirs here. */
export interface Database {
  users: UsersTable
  sessions: SessionsTable
  one_time_tokens: OneTimeTokensTable
  api_tokens: ApiTokensTable
  notes: NotesTable
  note_tags: NoteTagsTable
  note_tombstones: NoteTombstonesTable
  note_feeds: NoteFeedsTable
  avatars: AvatarsTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type ApiTokenRow = Selectable<ApiTokensTable>
/** A note as the app reads it: every column but the search vector. */
export type NoteRow = Omit<Selectable<NotesTable>, 'search'>
