import { hashToken } from '@inkwell/auth'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpired } from '../src'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  mailedToken,
  PASSWORD,
  signUp,
  signUpAdmin,
  uniqueIp,
} from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

const sessionOf = (account: Account) => h.caller({ token: account.token })

async function issue(account: Account, scope: 'read' | 'write' = 'write', name = 'script') {
  return sessionOf(account).tokens.create({ name, scope })
}

async function works(token: string): Promise<boolean> {
  try {
    await h.caller({ token }).users.me()
    return true
  } catch {
    return false
  }
}

describe('tokens.create', () => {
  it('issues an ink_ token, shown once, and stores only its SHA-256', async () => {
    const ada = await signUp(h)
    const created = await issue(ada, 'read', '  nightly backup  ')
    expect(created.token).toMatch(/^ink_[a-z2-7]{32}$/)
    expect(created.apiToken).toEqual({
      id: expect.any(String),
      name: 'nightly backup',
      scope: 'read',
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: expect.any(String),
    })
    const days = (Date.parse(created.apiToken.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(89.9)
    expect(days).toBeLessThanOrEqual(90)

    const row = await h.db.kysely
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.apiToken.id)
      .executeTakeFirstOrThrow()
    expect(row.token_hash).toBe(hashToken(created.token))
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4))
  })

  it('takes an expiry of 1..365 days and a name of 1..64 characters', async () => {
    const ada = await signUp(h)
    const short = await sessionOf(ada).tokens.create({
      name: 'ci',
      scope: 'write',
      expiresInDays: 1,
    })
    expect(Date.parse(short.apiToken.expiresAt) - Date.now()).toBeLessThanOrEqual(86_400_000)
    for (const input of [
      { name: 'x', scope: 'read' as const, expiresInDays: 0 },
      { name: 'x', scope: 'read' as const, expiresInDays: 366 },
      { name: ' ', scope: 'read' as const },
      { name: 'x'.repeat(65), scope: 'read' as const },
      { name: 'x', scope: 'admin' as 'read' },
    ]) {
      await expectAppError(sessionOf(ada).tokens.create(input), 'VALIDATION_FAILED', 400)
    }
  })

  it('allows 20 live tokens per user; expired ones do not count', async () => {
    const ada = await signUp(h)
    for (let i = 0; i < 20; i++) await issue(ada, 'read', `t${i}`)
    await expectAppError(issue(ada), 'TOKEN_LIMIT_REACHED', 409)
    await h.db.kysely
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', ada.id)
      .where('name', '=', 't0')
      .execute()
    await issue(ada)
    await expectAppError(issue(ada), 'TOKEN_LIMIT_REACHED', 409)
  })

  it('lets only one of concurrent creates take the last place', async () => {
    const ada = await signUp(h)
    for (let i = 0; i < 18; i++) await issue(ada, 'read', `t${i}`)
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => issue(ada)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2)
    const live = await sessionOf(ada).tokens.list()
    expect(live).toHaveLength(20)
  })
})

describe('tokens.list and tokens.revoke', () => {
  it("lists the caller's live tokens, newest first, never the secret", async () => {
    const ada = await signUp(h)
    const bob = await signUp(h)
    const first = await issue(ada, 'read', 'first')
    const second = await issue(ada, 'write', 'second')
    await issue(bob)
    const expired = await issue(ada, 'read', 'expired')
    await h.db.kysely
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', expired.apiToken.id)
      .execute()
    const list = await sessionOf(ada).tokens.list()
    expect(list.map((t) => t.name)).toEqual(['second', 'first'])
    expect(list[1]).toEqual(first.apiToken)
    expect(JSON.stringify(list)).not.toContain(second.token)
    expect(await works(expired.token)).toBe(false)
  })

  it('revokes a token at once; anyone else’s is 404 TOKEN_NOT_FOUND', async () => {
    const ada = await signUp(h)
    const bob = await signUp(h)
    const { token, apiToken } = await issue(ada)
    expect(await works(token)).toBe(true)
    await expectAppError(sessionOf(bob).tokens.revoke({ id: apiToken.id }), 'TOKEN_NOT_FOUND', 404)
    expect(await works(token)).toBe(true)
    expect(await sessionOf(ada).tokens.revoke({ id: apiToken.id })).toEqual({ ok: true })
    expect(await works(token)).toBe(false)
    await expectAppError(sessionOf(ada).tokens.revoke({ id: apiToken.id }), 'TOKEN_NOT_FOUND', 404)
  })
})

describe('authenticating with an API token', () => {
  it('works as a bearer token for notes and users.me, never as a cookie', async () => {
    const ada = await signUp(h)
    const { token } = await issue(ada, 'write')
    const asToken = h.caller({ token })
    expect((await asToken.users.me()).id).toBe(ada.id)
    const note = await asToken.notes.create({ title: 'From a script' })
    expect((await asToken.notes.list()).items.map((n) => n.id)).toEqual([note.id])
    await expectAppError(
      h.caller({ cookie: `inkwell_session=${token}` }).users.me(),
      'NOT_AUTHENTICATED',
      401,
    )
  })

  it('is 401 for an unknown token', async () => {
    await expectAppError(h.caller({ token: 'ink_unknown' }).users.me(), 'NOT_AUTHENTICATED', 401)
  })

  it('lets a read token query, and refuses every mutation with 403 INSUFFICIENT_SCOPE', async () => {
    const ada = await signUpAdmin(h)
    const note = await sessionOf(ada).notes.create({ title: 'Existing' })
    const { token } = await issue(ada, 'read')
    const reader = h.caller({ token })
    expect((await reader.notes.list()).items).toHaveLength(1)
    expect(await reader.notes.get({ id: note.id })).toMatchObject({ title: 'Existing' })
    expect(await reader.notes.tags()).toEqual([])
    expect((await reader.admin.users.list()).items.length).toBeGreaterThan(0)
    for (const call of [
      reader.notes.create({ title: 'Nope' }),
      reader.notes.update({ id: note.id, version: note.version, title: 'Nope' }),
      reader.notes.delete({ id: note.id }),
      reader.notes.restore({ id: note.id }),
      reader.users.update({ name: 'Nope' }),
      reader.admin.users.update({ id: ada.id, name: 'Nope' }),
    ]) {
      await expectAppError(call, 'INSUFFICIENT_SCOPE', 403)
    }
    expect(await sessionOf(ada).notes.get({ id: note.id })).toMatchObject({ version: 1 })
  })

  it('refuses every credential procedure with 403 SESSION_REQUIRED, even for a write token', async () => {
    const ada = await signUp(h)
    const { token, apiToken } = await issue(ada, 'write')
    const caller = h.caller({ token })
    // Each call starts when it is checked: started together, the later ones' refusals would be
    // unhandled rejections while the first is awaited.
    const calls: [string, () => Promise<unknown>][] = [
      ['auth.logout', () => caller.auth.logout()],
      ['auth.refresh', () => caller.auth.refresh()],
      ['auth.requestPasswordReset', () => caller.auth.requestPasswordReset({ email: ada.email })],
      ['auth.resetPassword', () => caller.auth.resetPassword({ token: 'x', password: PASSWORD })],
      ['auth.requestEmailVerification', () => caller.auth.requestEmailVerification()],
      ['auth.verifyEmail', () => caller.auth.verifyEmail({ token: 'x' })],
      [
        'users.changePassword',
        () =>
          caller.users.changePassword({ currentPassword: PASSWORD, newPassword: `${PASSWORD}!` }),
      ],
      ['users.sessions', () => caller.users.sessions()],
      ['users.revokeSession', () => caller.users.revokeSession({ id: crypto.randomUUID() })],
      ['users.revokeOtherSessions', () => caller.users.revokeOtherSessions()],
      ['tokens.create', () => caller.tokens.create({ name: 'more', scope: 'write' })],
      ['tokens.list', () => caller.tokens.list()],
      ['tokens.revoke', () => caller.tokens.revoke({ id: apiToken.id })],
    ]
    for (const [name, call] of calls) {
      const error = await expectAppError(call(), 'SESSION_REQUIRED', 403).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`)
      })
      expect(error.data.httpStatus, name).toBe(403)
    }
    // Nothing happened: the token, the password and the session are as they were.
    expect(await works(token)).toBe(true)
    expect(await works(ada.token)).toBe(true)
    expect(await sessionOf(ada).tokens.list()).toHaveLength(1)
  })

  it('does not stop login or register from working with a token in the header', async () => {
    const ada = await signUp(h)
    const { token } = await issue(ada)
    const issued = await h
      .caller({ token, ip: uniqueIp() })
      .auth.login({ email: ada.email, password: ada.password })
    expect(issued.user.id).toBe(ada.id)
  })

  it('records lastUsedAt, written at most once a minute', async () => {
    const ada = await signUp(h)
    const { token, apiToken } = await issue(ada)
    const lastUsed = async () =>
      (await sessionOf(ada).tokens.list()).find((t) => t.id === apiToken.id)?.lastUsedAt
    expect(await lastUsed()).toBeNull()
    await h.caller({ token }).users.me()
    const first = await lastUsed()
    expect(first).not.toBeNull()
    await h.caller({ token }).users.me()
    expect(await lastUsed()).toBe(first)

    const setLastUsed = (interval: string) =>
      sql`update api_tokens set last_used_at = now() - ${interval}::interval where id = ${apiToken.id}`.execute(
        h.db.kysely,
      )
    await setLastUsed('30 seconds')
    const recent = await lastUsed()
    await h.caller({ token }).users.me()
    expect(await lastUsed()).toBe(recent)
    await setLastUsed('2 minutes')
    const stale = await lastUsed()
    await h.caller({ token }).users.me()
    expect(Date.parse((await lastUsed()) ?? '')).toBeGreaterThan(Date.parse(stale ?? ''))
  })
})

describe('a token dies with its account', () => {
  it('when the user is disabled, for good: enabling again revives none', async () => {
    const admin = await signUpAdmin(h)
    const ada = await signUp(h)
    const { token } = await issue(ada)
    await sessionOf(admin).admin.users.update({ id: ada.id, disabled: true })
    expect(await works(token)).toBe(false)
    await sessionOf(admin).admin.users.update({ id: ada.id, disabled: false })
    expect(await works(token)).toBe(false)
  })

  it('when the user is disabled or deleted behind the app’s back (checked in the query)', async () => {
    const ada = await signUp(h)
    const bob = await signUp(h)
    const adaToken = (await issue(ada)).token
    const bobToken = (await issue(bob)).token
    await h.db.kysely
      .updateTable('users')
      .set({ disabled: true })
      .where('id', '=', ada.id)
      .execute()
    await h.db.kysely
      .updateTable('users')
      .set({ deleted_at: sql<Date>`now()` })
      .where('id', '=', bob.id)
      .execute()
    expect(await works(adaToken)).toBe(false)
    expect(await works(bobToken)).toBe(false)
  })

  it('when the user is deleted', async () => {
    const admin = await signUpAdmin(h)
    const ada = await signUp(h)
    const { token } = await issue(ada)
    await sessionOf(admin).admin.users.delete({ id: ada.id })
    expect(await works(token)).toBe(false)
    const left = await h.db.kysely
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', ada.id)
      .execute()
    expect(left).toEqual([])
  })

  it('when the password is reset', async () => {
    const ada = await signUp(h)
    const { token } = await issue(ada)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: ada.email })
    const link = await mailedToken(h, ada.email, 'reset-password', since)
    await h
      .caller({ ip: uniqueIp() })
      .auth.resetPassword({ token: link, password: `${PASSWORD} 2` })
    expect(await works(token)).toBe(false)
  })

  it('when the password is changed', async () => {
    const ada = await signUp(h)
    const { token } = await issue(ada)
    await sessionOf(ada).users.changePassword({
      currentPassword: PASSWORD,
      newPassword: `${PASSWORD} 2`,
    })
    expect(await works(token)).toBe(false)
  })
})

it('purgeExpired deletes expired API tokens and keeps live ones', async () => {
  const ada = await signUp(h)
  const live = await issue(ada, 'read', 'live')
  const old = await issue(ada, 'read', 'old')
  await h.db.kysely
    .updateTable('api_tokens')
    .set({ expires_at: sql<Date>`now() - interval '1 second'` })
    .where('id', '=', old.apiToken.id)
    .execute()
  const purged = await purgeExpired(h.deps)
  expect(purged.apiTokens).toBeGreaterThanOrEqual(1)
  const left = await h.db.kysely
    .selectFrom('api_tokens')
    .select('id')
    .where('user_id', '=', ada.id)
    .execute()
  expect(left.map((t) => t.id)).toEqual([live.apiToken.id])
})
