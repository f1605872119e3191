import type { LocalStore, Note, PendingOp, SyncMeta } from '@inkwell/sync'
import * as SQLite from 'expo-sqlite'
import type { DisposableStore } from './disposable-store'

const SCHEMA = `
  pragma journal_mode = wal;
  create table if not exists notes (id text primary key not null, record text not null);
  create table if not exists ops (seq integer primary key not null, record text not null);
  create table if not exists meta (key text primary key not null, value text not null);
`
const META_KEY = 'sync'

type Row = { record: string }

/**
 * The native LocalStore: a SQLite database per account (`name`, in the app's private files)
 * through `expo-sqlite`, with each record kept as the JSON the engine gave it.
 *
 * @example
 * const store = await openSqliteStore(`inkwell-${user.id}.db`)
 */
export async function openSqliteStore(name: string): Promise<DisposableStore> {
  const db = await SQLite.openDatabaseAsync(name)
  await db.execAsync(SCHEMA)
  const parse = <T>(row: Row | null): T | undefined =>
    row ? (JSON.parse(row.record) as T) : undefined

  const store: LocalStore = {
    async getNote(id) {
      return parse<Note>(await db.getFirstAsync<Row>('select record from notes where id = ?', id))
    },
    async listNotes() {
      const rows = await db.getAllAsync<Row>('select record from notes')
      return rows.map((row) => JSON.parse(row.record) as Note)
    },
    async putNote(note) {
      await db.runAsync(
        'insert or replace into notes (id, record) values (?, ?)',
        note.id,
        JSON.stringify(note),
      )
    },
    async deleteNote(id) {
      await db.runAsync('delete from notes where id = ?', id)
    },
    async listOps() {
      const rows = await db.getAllAsync<Row>('select record from ops order by seq')
      return rows.map((row) => JSON.parse(row.record) as PendingOp)
    },
    async putOp(op) {
      await db.runAsync(
        'insert or replace into ops (seq, record) values (?, ?)',
        op.seq,
        JSON.stringify(op),
      )
    },
    async deleteOp(seq) {
      await db.runAsync('delete from ops where seq = ?', seq)
    },
    async getMeta() {
      const row = await db.getFirstAsync<{ value: string }>(
        'select value from meta where key = ?',
        META_KEY,
      )
      const meta = row ? (JSON.parse(row.value) as Partial<SyncMeta>) : {}
      return { cursor: null, lastSyncedAt: null, ...meta }
    },
    async setMeta(patch) {
      const next = { ...(await store.getMeta()), ...patch }
      await db.runAsync(
        'insert or replace into meta (key, value) values (?, ?)',
        META_KEY,
        JSON.stringify(next),
      )
    },
  }
  return {
    ...store,
    close: () => void db.closeAsync(),
    async destroy() {
      await db.closeAsync()
      await SQLite.deleteDatabaseAsync(name)
    },
  }
}
