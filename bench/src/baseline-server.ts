/**
 * The baseline: what `users.me` and the first `notes.list` page cost with no framework around
 * them. Bare Hono + pg, one hand-written SQL per read, the same bearer-token session lookup
 * per request as Inkwell (SHA-256 of the token, join to the live user, a throttled slide of
 * the expiry), the same JSON on the wire. No tRPC, no zod, no middleware.
 *
 * Run as its own process (see servers.ts): `DATABASE_URL=… PORT=… node --import tsx src/baseline-server.ts`.
 */
import { createHash } from 'node:crypto'
import { serve } from '@hono/node-server'
import { type Context, Hono } from 'hono'
import pg from 'pg'

const TOUCH_INTERVAL_MS = 60_000
const IDLE_MS = 30 * 24 * 60 * 60 * 1000
const ABSOLUTE_MS = 90 * 24 * 60 * 60 * 1000

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 20),
})
pool.on('error', () => {})

interface SessionRow {
  session_id: string
  session_created_at: Date
  last_seen_at: Date
  id: string
  email: string
  name: string
  role: 'user' | 'admin'
  email_verified_at: Date | null
  avatar_url: string | null
  created_at: Date
}

const SESSION_SQL = `
  select s.id as session_id, s.created_at as session_created_at, s.last_seen_at,
         u.id, u.email, u.name, u.role, u.email_verified_at, u.avatar_url, u.created_at
  from sessions s join users u on u.id = s.user_id
  where s.token_hash = $1 and s.expires_at > now() and u.disabled = false and u.deleted_at is null`

async function authenticate(c: Context): Promise<SessionRow | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  const token = match?.[1]
  if (!token || token.length > 128) return null
  const tokenHash = createHash('sha256').update(token).digest('hex')
  const { rows } = await pool.query<SessionRow>(SESSION_SQL, [tokenHash])
  const row = rows[0]
  if (!row) return null
  const now = Date.now()
  if (now - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    const expiresAt = new Date(
      Math.min(now + IDLE_MS, row.session_created_at.getTime() + ABSOLUTE_MS),
    )
    await pool.query('update sessions set last_seen_at = $1, expires_at = $2 where id = $3', [
      new Date(now),
      expiresAt,
      row.session_id,
    ])
  }
  return row
}

const notAuthenticated = {
  error: {
    message: 'Sign in to continue',
    code: -32001,
    data: { code: 'UNAUTHORIZED', httpStatus: 401, appCode: 'NOT_AUTHENTICATED' },
  },
}

interface NoteRow {
  id: string
  title: string
  content: string
  tags: string[]
  version: number
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
  updated_at_key: string
}

const FIRST_PAGE_SQL = `
  select id, title, content, tags, version, created_at, updated_at, deleted_at,
         updated_at::text as updated_at_key
  from notes
  where user_id = $1 and deleted_at is null
  order by updated_at desc, id desc
  limit $2`

function pageLimit(input: string | undefined): number {
  if (!input) return 20
  const limit = (JSON.parse(input) as { limit?: unknown } | null)?.limit
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= 100
    ? limit
    : 20
}

const app = new Hono()

app.get('/healthz', (c) => c.json({ status: 'ok' }))

app.get('/trpc/users.me', async (c) => {
  const user = await authenticate(c)
  if (!user) return c.json(notAuthenticated, 401)
  return c.json({
    result: {
      data: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        emailVerified: user.email_verified_at !== null,
        avatarUrl: user.avatar_url,
        createdAt: user.created_at.toISOString(),
      },
    },
  })
})

app.get('/trpc/notes.list', async (c) => {
  const user = await authenticate(c)
  if (!user) return c.json(notAuthenticated, 401)
  const limit = pageLimit(c.req.query('input'))
  const { rows } = await pool.query<NoteRow>(FIRST_PAGE_SQL, [user.id, limit + 1])
  const more = rows.length > limit
  const items = more ? rows.slice(0, limit) : rows
  const last = items.at(-1)
  return c.json({
    result: {
      data: {
        items: items.map((note) => ({
          id: note.id,
          title: note.title,
          content: note.content,
          tags: note.tags,
          version: note.version,
          createdAt: note.created_at.toISOString(),
          updatedAt: note.updated_at.toISOString(),
          deletedAt: note.deleted_at?.toISOString() ?? null,
        })),
        nextCursor:
          more && last
            ? Buffer.from(JSON.stringify([last.updated_at_key, last.id])).toString('base64url')
            : null,
      },
    },
  })
})

const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 3001),
  hostname: '127.0.0.1',
})

process.on('SIGTERM', () => {
  server.close(() => {
    pool.end().finally(() => process.exit(0))
  })
  if ('closeAllConnections' in server) server.closeAllConnections()
})
