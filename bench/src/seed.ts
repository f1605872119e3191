import { generateToken, hashPassword, hashToken } from '@inkwell/auth'
import pg from 'pg'
import { log } from './progress'

/** A seeded account: what a load generator needs to act as it. */
export interface BenchUser {
  readonly id: string
  readonly email: string
  /** A live session's bearer token. */
  readonly token: string
  /** The user's notes, newest `updated_at` first. */
  readonly noteIds: readonly string[]
}

export interface Fixture {
  readonly users: readonly BenchUser[]
  /** Every seeded user's password. */
  readonly password: string
}

export interface SeedOptions {
  readonly users: number
  readonly notesPerUser: number
}

export const BENCH_PASSWORD = 'bench-password-not-a-secret'

/** The tags seeded notes carry; scenarios that write notes draw from the same set. */
export const TAGS = [
  'work',
  'home',
  'ideas',
  'todo',
  'reading',
  'travel',
  'recipes',
  'finance',
  'health',
  'music',
]
const WORDS =
  'the quick brown fox jumps over lazy dog while notes about meetings groceries travel plans books music recipes ideas budget garden running coffee weekend project deadline review draft letter call friend family holiday morning evening window river mountain city train ticket'.split(
    ' ',
  )

/**
 * Fills the (migrated, empty) database in bulk SQL: users that all share one argon2id hash of
 * `BENCH_PASSWORD` (hashed once, at the server's parameters), a session per user with a known
 * token, and `notesPerUser` notes each (~400 characters, one or two tags; the notes trigger
 * mirrors the tags into `note_tags`).
 */
export async function seed(url: string, options: SeedOptions): Promise<Fixture> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const passwordHash = await hashPassword(BENCH_PASSWORD)
    const users = await client.query<{ id: string; email: string }>(
      `insert into users (email, name, password_hash, email_verified_at, created_at)
       select 'bench-' || i || '@bench.local', 'Bench User ' || i, $1, now(),
              now() - make_interval(mins => i)
       from generate_series(1, $2::int) as i
       returning id, email`,
      [passwordHash, options.users],
    )
    const byIndex = users.rows.sort((a, b) => emailIndex(a.email) - emailIndex(b.email))

    const tokens = byIndex.map(() => generateToken())
    await client.query(
      `insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
       select token_hash, user_id, now(), now(), now() + interval '30 days', 'inkwell-bench', '127.0.0.1'
       from unnest($1::text[], $2::uuid[]) as s (token_hash, user_id)`,
      [tokens.map(hashToken), byIndex.map((u) => u.id)],
    )

    const chunk = 100
    for (let from = 0; from < byIndex.length; from += chunk) {
      const ids = byIndex.slice(from, from + chunk).map((u) => u.id)
      await client.query(
        `insert into notes (user_id, title, content, tags, created_at, updated_at)
         select u.user_id,
                'Note ' || n || ': ' || ($3::text[])[1 + (n * 7 + u.ord::int) % $5::int],
                (select string_agg(($3::text[])[1 + (n * 13 + k * 7 + u.ord::int) % $5::int], ' ')
                   from generate_series(1, 60) as k),
                case when n % 3 = 0
                  then array[($4::text[])[1 + n % 10], ($4::text[])[1 + (n + 5) % 10]]
                  else array[($4::text[])[1 + n % 10]] end,
                now() - make_interval(hours => n, mins => u.ord::int % 60),
                now() - make_interval(hours => n, mins => u.ord::int % 60)
         from unnest($1::uuid[]) with ordinality as u (user_id, ord)
         cross join generate_series(1, $2::int) as n`,
        [ids, options.notesPerUser, WORDS, TAGS, WORDS.length],
      )
      log(`  seeded notes of ${Math.min(from + chunk, byIndex.length)}/${byIndex.length} users`)
    }
    await client.query('analyze')

    const notes = await client.query<{ user_id: string; ids: string[] }>(
      `select user_id, array_agg(id order by updated_at desc, id desc) as ids
       from notes group by user_id`,
    )
    const noteIds = new Map(notes.rows.map((row) => [row.user_id, row.ids]))
    return {
      password: BENCH_PASSWORD,
      users: byIndex.map((user, i) => ({
        id: user.id,
        email: user.email,
        token: tokens[i]!,
        noteIds: noteIds.get(user.id) ?? [],
      })),
    }
  } finally {
    await client.end()
  }
}

function emailIndex(email: string): number {
  return Number(/^bench-(\d+)@/.exec(email)?.[1] ?? 0)
}
