import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAvatar } from '../src'
import type { RouterOutputs } from '../src/root'
import { createTestHarness, type TestHarness, testImage } from '../src/testing'
import {
  type Account,
  expectAppError,
  isSignedIn,
  signIn,
  signUp,
  signUpAdmin,
  uniqueEmail,
  uniqueIp,
} from './helpers'

type AdminUser = RouterOutputs['admin']['users']['get']

let h: TestHarness
let admin: Account
let user: Account
beforeAll(async () => {
  h = await createTestHarness()
  admin = await signUpAdmin(h)
  user = await signUp(h)
})
afterAll(() => h.close())

const randomColor = () => `#${randomBytes(3).toString('hex')}`
const asAdmin = () => h.caller({ token: admin.token }).admin.users
const ADMIN_USER_KEYS = [
  'avatarUrl',
  'createdAt',
  'deletedAt',
  'disabled',
  'email',
  'emailVerified',
  'id',
  'name',
  'role',
]

let tagSequence = 0
/** A word that only the users seeded by one test carry in their name. */
function uniqueTag(): string {
  tagSequence++
  return `tag${tagSequence}x${crypto.randomUUID().slice(0, 6)}`
}

/**
 * Inserts users straight into the database (no argon2: they never sign in), `sameTime` of
 * them sharing one created_at to the microsecond, so paging must break ties by id.
 */
async function seedUsers(tag: string, count: number, sameTime = 0): Promise<string[]> {
  const tie = new Date(Date.now() - 60_000)
  const rows = Array.from({ length: count }, (_, i) => ({
    email: uniqueEmail(tag),
    name: `Seeded ${tag} ${i}`,
    password_hash: 'not-a-real-hash',
    ...(i < sameTime ? { created_at: tie } : {}),
  }))
  const inserted = await h.db.kysely.insertInto('users').values(rows).returning('id').execute()
  return inserted.map((r) => r.id)
}

/** Every page of a listing, following nextCursor to the end. */
async function allPages(search: string, limit: number): Promise<AdminUser[][]> {
  const pages: AdminUser[][] = []
  let cursor: string | undefined
  do {
    const page = await asAdmin().list({ search, limit, ...(cursor ? { cursor } : {}) })
    pages.push(page.items)
    cursor = page.nextCursor ?? undefined
    expect(pages.length).toBeLessThan(100)
  } while (cursor)
  return pages
}

/** The order the listing must follow: newest first, ties broken by id, descending. */
async function expectedOrder(ids: string[]): Promise<string[]> {
  const rows = await h.db.kysely
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => r.id)
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('admin access', () => {
  const calls = (c: ReturnType<TestHarness['caller']>) => [
    c.admin.users.list(),
    c.admin.users.get({ id: user.id }),
    c.admin.users.update({ id: user.id, name: 'Hacked' }),
    c.admin.users.delete({ id: user.id }),
  ]

  it('is FORBIDDEN to users who are not admins, for every procedure', async () => {
    for (const call of calls(h.caller({ token: user.token }))) {
      await expectAppError(call, 'FORBIDDEN', 403)
    }
    const me = await h.caller({ token: user.token }).users.me()
    expect(me.name).not.toBe('Hacked')
  })

  it('is NOT_AUTHENTICATED for anonymous callers, for every procedure', async () => {
    for (const call of calls(h.caller())) await expectAppError(call, 'NOT_AUTHENTICATED', 401)
  })

  it('follows role changes at once: a demoted admin is refused on its next call', async () => {
    const other = await signUpAdmin(h)
    expect(
      (await h.caller({ token: other.token }).admin.users.list()).items.length,
    ).toBeGreaterThan(0)
    await asAdmin().update({ id: other.id, role: 'user' })
    await expectAppError(h.caller({ token: other.token }).admin.users.list(), 'FORBIDDEN', 403)
  })
})

describe('admin.users.list', () => {
  it('shows users with their admin fields, and nothing secret', async () => {
    const tag = uniqueTag()
    const [id] = await seedUsers(tag, 1)
    const page = await asAdmin().list({ search: tag })
    expect(page.nextCursor).toBeNull()
    expect(page.items).toHaveLength(1)
    const item = page.items[0]!
    expect(Object.keys(item).sort()).toEqual(ADMIN_USER_KEYS.sort())
    expect(item).toMatchObject({ id, disabled: false, deletedAt: null, role: 'user' })
    expect(JSON.stringify(page)).not.toContain('not-a-real-hash')
  })

  it('walks every user once, newest first, across pages and tied timestamps', async () => {
    const tag = uniqueTag()
    const ids = await seedUsers(tag, 17, 7)
    const pages = await allPages(tag, 3)
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 3, 3, 2])
    const seen = pages.flat().map((u) => u.id)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(await expectedOrder(ids))
  })

  it('ends with nextCursor null when the last page is exactly full', async () => {
    const tag = uniqueTag()
    await seedUsers(tag, 4)
    const pages = await allPages(tag, 2)
    expect(pages.map((p) => p.length)).toEqual([2, 2])
  })

  it('keeps its place when users are added between pages', async () => {
    const tag = uniqueTag()
    const ids = await seedUsers(tag, 6)
    const first = await asAdmin().list({ search: tag, limit: 3 })
    const [late] = await seedUsers(tag, 1)
    const second = await asAdmin().list({ search: tag, limit: 3, cursor: first.nextCursor! })
    const seen = [...first.items, ...second.items].map((u) => u.id)
    expect(seen).toEqual(await expectedOrder(ids))
    expect(seen).not.toContain(late)
  })

  it('pages 20 at a time by default and takes limits from 1 to 100', async () => {
    const tag = uniqueTag()
    await seedUsers(tag, 21)
    const byDefault = await asAdmin().list({ search: tag })
    expect(byDefault.items).toHaveLength(20)
    expect(byDefault.nextCursor).not.toBeNull()
    expect((await asAdmin().list({ search: tag, limit: 1 })).items).toHaveLength(1)
    const hundred = await asAdmin().list({ search: tag, limit: 100 })
    expect(hundred.items).toHaveLength(21)
    expect(hundred.nextCursor).toBeNull()
    // No input at all is the first page of everyone.
    expect((await asAdmin().list()).items.length).toBe(20)
  })

  it('refuses limits outside 1..100 as VALIDATION_FAILED', async () => {
    for (const limit of [0, -1, 101, 2.5]) {
      const error = await expectAppError(asAdmin().list({ limit }), 'VALIDATION_FAILED', 400)
      expect(Object.keys(error.data.fieldErrors ?? {})).toEqual(['limit'])
    }
  })

  it('searches email and name, case-insensitively', async () => {
    const tag = uniqueTag()
    const [byName] = await seedUsers(tag, 1)
    const email = uniqueEmail(`${tag}mail`)
    const byEmail = await signUp(h, { email, name: 'Nothing In Common' })
    const found = await asAdmin().list({ search: ` ${tag.toUpperCase()} ` })
    expect(found.items.map((u) => u.id).sort()).toEqual([byName, byEmail.id].sort())
    const byEmailOnly = await asAdmin().list({ search: email.toUpperCase() })
    expect(byEmailOnly.items.map((u) => u.id)).toEqual([byEmail.id])
  })

  it('treats %, _ and \\ in the search as plain characters', async () => {
    const tag = uniqueTag()
    const insert = (name: string) =>
      h.db.kysely
        .insertInto('users')
        .values({ email: uniqueEmail(tag), name, password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id)
    const percent = await insert(`${tag} 100% sure`)
    const underscore = await insert(`${tag} snake_case`)
    const backslash = await insert(`${tag} back\\slash`)
    const plain = await insert(`${tag} 100 sure snakeXcase backslash`)

    const ids = async (search: string) =>
      (await asAdmin().list({ search, limit: 100 })).items.map((u) => u.id)
    // Without escaping, each of these would match every user (or the plain one).
    expect(await ids('%')).toEqual([percent])
    expect(await ids('0%')).toEqual([percent])
    expect(await ids('_')).toEqual([underscore])
    expect(await ids('e_c')).toEqual([underscore])
    expect(await ids('\\')).toEqual([backslash])
    expect((await ids(tag)).sort()).toEqual([percent, underscore, backslash, plain].sort())
  })

  it('includes deleted and disabled users, with their state', async () => {
    const tag = uniqueTag()
    const [gone, off] = await seedUsers(tag, 2)
    await asAdmin().delete({ id: gone! })
    await asAdmin().update({ id: off!, disabled: true })
    const items = (await asAdmin().list({ search: tag })).items
    expect(items.find((u) => u.id === gone)?.deletedAt).toEqual(expect.any(String))
    expect(items.find((u) => u.id === off)).toMatchObject({ disabled: true, deletedAt: null })
  })

  it('refuses a malformed cursor with INVALID_CURSOR', async () => {
    const id = crypto.randomUUID()
    const cursors = [
      'not a cursor',
      cursorOf({}),
      cursorOf(['2026-01-01 10:00:00+00']),
      cursorOf(['yesterday', id]),
      cursorOf(['2026-01-01 10:00:00+00', 'not-a-uuid']),
      cursorOf(["2026-01-01 10:00:00+00'); drop table users; --", id]),
      // Shaped like a timestamp, but PostgreSQL would refuse the value itself.
      cursorOf(['2026-02-31 10:00:00+00', id]),
      cursorOf(['2026-13-01 10:00:00+00', id]),
      cursorOf(['2026-01-01 24:00:00+00', id]),
      cursorOf(['2026-01-01 10:00:00+99', id]),
      cursorOf(['0000-01-01 10:00:00+00', id]),
    ]
    for (const cursor of cursors) {
      await expectAppError(asAdmin().list({ cursor }), 'INVALID_CURSOR', 400)
    }
    // A real cursor still works after all that.
    const first = await asAdmin().list({ limit: 1 })
    const next = await asAdmin().list({ limit: 1, cursor: first.nextCursor! })
    expect(next.items[0]?.id).not.toBe(first.items[0]?.id)
  })

  it('accepts a well-formed sort key at either edge of its range', async () => {
    const id = crypto.randomUUID()
    // Microseconds since the epoch: before every row, and after every row (2^53 - 1).
    const first = await asAdmin().list({ cursor: cursorOf(['0', id]) })
    expect(first.items).toEqual([])
    const last = await asAdmin().list({ cursor: cursorOf(['9007199254740991', id]) })
    expect(last.items.length).toBeGreaterThan(0)
  })

  it('refuses a sort key beyond its range as INVALID_CURSOR', async () => {
    const id = crypto.randomUUID()
    await expectAppError(
      asAdmin().list({ cursor: cursorOf(['99999999999999999', id]) }),
      'INVALID_CURSOR',
      400,
    )
    await expectAppError(asAdmin().list({ cursor: cursorOf(['-1', id]) }), 'INVALID_CURSOR', 400)
  })

  it('refuses an oversized cursor or search as VALIDATION_FAILED', async () => {
    const cursor = await expectAppError(
      asAdmin().list({ cursor: 'a'.repeat(513) }),
      'VALIDATION_FAILED',
    )
    expect(cursor.data.fieldErrors?.cursor).toBeDefined()
    const search = await expectAppError(
      asAdmin().list({ search: 's'.repeat(201) }),
      'VALIDATION_FAILED',
    )
    expect(search.data.fieldErrors?.search).toBeDefined()
  })
})

describe('admin.users.get', () => {
  it('returns one user with the admin fields', async () => {
    const found = await asAdmin().get({ id: user.id })
    expect(Object.keys(found).sort()).toEqual(ADMIN_USER_KEYS.sort())
    expect(found).toMatchObject({
      id: user.id,
      email: user.email,
      disabled: false,
      deletedAt: null,
    })
  })

  it('answers USER_NOT_FOUND for an unknown id', async () => {
    await expectAppError(asAdmin().get({ id: crypto.randomUUID() }), 'USER_NOT_FOUND', 404)
  })

  it('refuses an id that is not a UUID as VALIDATION_FAILED', async () => {
    const error = await expectAppError(asAdmin().get({ id: 'abc' }), 'VALIDATION_FAILED', 400)
    expect(error.data.fieldErrors?.id).toBeDefined()
  })
})

describe('admin.users.update', () => {
  it('renames a user', async () => {
    const target = await signUp(h)
    const updated = await asAdmin().update({ id: target.id, name: '  Renamed  ' })
    expect(updated).toMatchObject({ id: target.id, name: 'Renamed', role: 'user', disabled: false })
    expect((await h.caller({ token: target.token }).users.me()).name).toBe('Renamed')
  })

  it('promotes a user, who can then use the admin console', async () => {
    const target = await signUp(h)
    expect((await asAdmin().update({ id: target.id, role: 'admin' })).role).toBe('admin')
    const page = await h.caller({ token: target.token }).admin.users.list({ limit: 1 })
    expect(page.items).toHaveLength(1)
  })

  it('disabling ends every session at once and blocks login; enabling allows login again', async () => {
    const target = await signUp(h)
    const second = await signIn(h, target)
    const disabled = await asAdmin().update({ id: target.id, disabled: true })
    expect(disabled.disabled).toBe(true)
    expect(await isSignedIn(h, target.token)).toBe(false)
    expect(await isSignedIn(h, second)).toBe(false)
    const login = () =>
      h.caller({ ip: uniqueIp() }).auth.login({ email: target.email, password: target.password })
    await expectAppError(login(), 'INVALID_CREDENTIALS', 401)

    expect((await asAdmin().update({ id: target.id, disabled: false })).disabled).toBe(false)
    // The old sessions stay ended; signing in again works.
    expect(await isSignedIn(h, target.token)).toBe(false)
    expect(await isSignedIn(h, (await login()).session.token)).toBe(true)
  })

  it('refuses to let an admin demote or disable itself: CANNOT_CHANGE_SELF', async () => {
    const self = await signUpAdmin(h)
    const mine = h.caller({ token: self.token }).admin.users
    await expectAppError(mine.update({ id: self.id, role: 'user' }), 'CANNOT_CHANGE_SELF', 403)
    await expectAppError(mine.update({ id: self.id, disabled: true }), 'CANNOT_CHANGE_SELF', 403)
    await expectAppError(
      mine.update({ id: self.id, name: 'Still Me', disabled: true }),
      'CANNOT_CHANGE_SELF',
      403,
    )
    const after = await mine.get({ id: self.id })
    expect(after).toMatchObject({ role: 'admin', disabled: false, name: 'Admin' })
    expect(await isSignedIn(h, self.token)).toBe(true)
  })

  it('lets an admin rename itself and restate its own role', async () => {
    const self = await signUpAdmin(h)
    const mine = h.caller({ token: self.token }).admin.users
    const updated = await mine.update({ id: self.id, name: 'Me', role: 'admin', disabled: false })
    expect(updated).toMatchObject({ name: 'Me', role: 'admin', disabled: false })
    expect(await isSignedIn(h, self.token)).toBe(true)
  })

  it('lets an admin demote another admin', async () => {
    const other = await signUpAdmin(h)
    expect((await asAdmin().update({ id: other.id, role: 'user' })).role).toBe('user')
  })

  it('answers USER_NOT_FOUND for an unknown or deleted user', async () => {
    await expectAppError(
      asAdmin().update({ id: crypto.randomUUID(), name: 'x' }),
      'USER_NOT_FOUND',
      404,
    )
    const [gone] = await seedUsers(uniqueTag(), 1)
    await asAdmin().delete({ id: gone! })
    await expectAppError(asAdmin().update({ id: gone!, disabled: false }), 'USER_NOT_FOUND', 404)
  })

  it('refuses bad values as VALIDATION_FAILED', async () => {
    const role = await expectAppError(
      // @ts-expect-error: not a role
      asAdmin().update({ id: user.id, role: 'superuser' }),
      'VALIDATION_FAILED',
      400,
    )
    expect(Object.keys(role.data.fieldErrors ?? {})).toEqual(['role'])
    const name = await expectAppError(
      asAdmin().update({ id: user.id, name: ' ' }),
      'VALIDATION_FAILED',
    )
    expect(Object.keys(name.data.fieldErrors ?? {})).toEqual(['name'])
    await expectAppError(asAdmin().update({ id: 'nope' }), 'VALIDATION_FAILED', 400)
  })
})

describe('admin.users.delete', () => {
  it('soft-deletes: sessions end, login fails, the record stays with deletedAt', async () => {
    const target = await signUp(h)
    const second = await signIn(h, target)
    expect(await asAdmin().delete({ id: target.id })).toEqual({ ok: true })
    expect(await isSignedIn(h, target.token)).toBe(false)
    expect(await isSignedIn(h, second)).toBe(false)
    await expectAppError(
      h.caller({ ip: uniqueIp() }).auth.login({ email: target.email, password: target.password }),
      'INVALID_CREDENTIALS',
      401,
    )
    const record = await asAdmin().get({ id: target.id })
    expect(record.deletedAt).toEqual(expect.any(String))
    expect(Date.now() - Date.parse(record.deletedAt!)).toBeLessThan(60_000)
  })

  it("drops the account's avatar: the image is no longer served, unless someone else uses it", async () => {
    const target = await signUp(h)
    const twin = await signUp(h)
    const avatarOf = async (account: Account, color: string) => {
      const form = new FormData()
      const png = await testImage('png', { width: 64, height: 64, color })
      form.append('file', new File([png], 'me.png'))
      const { avatarUrl } = await h.caller({ token: account.token }).users.uploadAvatar(form)
      return avatarUrl?.split('/').pop() ?? ''
    }
    // Colours no other test uses, so no one else holds these images.
    const [mine, theirs] = [randomColor(), randomColor()]
    const own = await avatarOf(target, mine)
    const shared = await avatarOf(twin, theirs)
    expect(await readAvatar(h.deps, own)).not.toBeNull()

    await asAdmin().delete({ id: target.id })
    expect((await asAdmin().get({ id: target.id })).avatarUrl).toBeNull()
    expect(await readAvatar(h.deps, own)).toBeNull()

    // The same image as another account's stays theirs.
    const third = await signUp(h)
    expect(await avatarOf(third, theirs)).toBe(shared)
    await asAdmin().delete({ id: third.id })
    expect(await readAvatar(h.deps, shared)).not.toBeNull()
    expect((await h.caller({ token: twin.token }).users.me()).avatarUrl).toContain(shared)
  })

  it('keeps the email taken, in any case', async () => {
    const target = await signUp(h)
    await asAdmin().delete({ id: target.id })
    for (const email of [target.email, target.email.toUpperCase()]) {
      await expectAppError(
        h
          .caller({ ip: uniqueIp() })
          .auth.register({ email, password: 'some new passphrase', name: 'N' }),
        'EMAIL_TAKEN',
        409,
      )
    }
  })

  it('deleting twice is fine and keeps the first deletion time', async () => {
    const [target] = await seedUsers(uniqueTag(), 1)
    await asAdmin().delete({ id: target! })
    const first = (await asAdmin().get({ id: target! })).deletedAt
    expect(await asAdmin().delete({ id: target! })).toEqual({ ok: true })
    expect((await asAdmin().get({ id: target! })).deletedAt).toBe(first)
  })

  it('refuses to let an admin delete itself: CANNOT_CHANGE_SELF', async () => {
    const self = await signUpAdmin(h)
    await expectAppError(
      h.caller({ token: self.token }).admin.users.delete({ id: self.id }),
      'CANNOT_CHANGE_SELF',
      403,
    )
    expect(await isSignedIn(h, self.token)).toBe(true)
  })

  it('answers USER_NOT_FOUND for an unknown id', async () => {
    await expectAppError(asAdmin().delete({ id: crypto.randomUUID() }), 'USER_NOT_FOUND', 404)
  })

  it('refuses an id that is not a UUID as VALIDATION_FAILED', async () => {
    await expectAppError(asAdmin().delete({ id: '42' }), 'VALIDATION_FAILED', 400)
  })
})
