import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ensureFirstAdmin } from '../src'
import { createTestHarness, type TestHarness } from '../src/testing'
import { PASSWORD, signUp, uniqueIp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())
// Each case starts from an empty user table: "no admin yet" is the interesting state.
beforeEach(async () => {
  await h.db.kysely.deleteFrom('users').execute()
})

const ROOT = { email: 'root@example.com', password: 'first admin passphrase' }

async function admins() {
  return h.db.kysely
    .selectFrom('users')
    .select(['email', 'role'])
    .where('role', '=', 'admin')
    .where('deleted_at', 'is', null)
    .execute()
}

async function loginAsRoot(password = ROOT.password) {
  return h.caller({ ip: uniqueIp() }).auth.login({ email: ROOT.email, password })
}

describe('ensureFirstAdmin', () => {
  it('creates the admin when there is none; it can sign in and use the console', async () => {
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('created')
    const issued = await loginAsRoot()
    expect(issued.user).toMatchObject({ email: ROOT.email, role: 'admin' })
    const page = await h.caller({ token: issued.session.token }).admin.users.list()
    expect(page.items.map((u) => u.email)).toEqual([ROOT.email])
  })

  it('normalises the configured email', async () => {
    const outcome = await ensureFirstAdmin(h.deps, { ...ROOT, email: '  Root@Example.COM ' })
    expect(outcome).toBe('created')
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
  })

  it('does nothing when an admin exists, whatever its email', async () => {
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('created')
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('exists')
    expect(await ensureFirstAdmin(h.deps, { ...ROOT, email: 'other@example.com' })).toBe('exists')
    expect(await admins()).toHaveLength(1)
    const users = await h.db.kysely.selectFrom('users').select('id').execute()
    expect(users).toHaveLength(1)
  })

  it('promotes the account that already has the email, keeping its password', async () => {
    const existing = await signUp(h, { email: ROOT.email.toUpperCase() })
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('promoted')
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
    // Its live session now carries the admin role.
    const page = await h.caller({ token: existing.token }).admin.users.list()
    expect(page.items).toHaveLength(1)
    expect((await loginAsRoot(PASSWORD)).user.role).toBe('admin')
  })

  it('does not count a deleted admin', async () => {
    expect(await ensureFirstAdmin(h.deps, { ...ROOT, email: 'old-root@example.com' })).toBe(
      'created',
    )
    await h.db.kysely.updateTable('users').set({ deleted_at: new Date() }).execute()
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('created')
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
  })

  it('fails loudly, rather than claim an admin exists, when the email belongs to a deleted account', async () => {
    const deleted = await signUp(h, { email: ROOT.email })
    await h.db.kysely
      .updateTable('users')
      .set({ deleted_at: new Date() })
      .where('id', '=', deleted.id)
      .execute()
    await expect(ensureFirstAdmin(h.deps, ROOT)).rejects.toThrow(/deleted account/)
    expect(await admins()).toEqual([])
  })

  it('creates exactly one admin when several instances start at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => ensureFirstAdmin(h.deps, ROOT)),
    )
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1)
    // The others found it (or, starting late enough, re-promoted the same row).
    for (const outcome of outcomes.filter((o) => o !== 'created')) {
      expect(['exists', 'promoted']).toContain(outcome)
    }
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
    const users = await h.db.kysely.selectFrom('users').select('id').execute()
    expect(users).toHaveLength(1)
    expect((await loginAsRoot()).user.role).toBe('admin')
  })
})
