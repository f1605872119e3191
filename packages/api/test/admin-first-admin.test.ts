import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ensureFirstAdmin, FirstAdminError } from '../src'
import { createTestHarness, type TestHarness } from '../src/testing'
import { isSignedIn, PASSWORD, signUp, signUpAdmin, uniqueIp } from './helpers'

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

  /** An account with the first admin's email, registered before the server was configured. */
  async function existingAccount(options: { verified: boolean; password?: string }) {
    const account = await signUp(h, {
      email: ROOT.email.toUpperCase(),
      password: options.password ?? ROOT.password,
    })
    if (options.verified) {
      await h.db.kysely
        .updateTable('users')
        .set({ email_verified_at: new Date() })
        .where('id', '=', account.id)
        .execute()
    }
    return account
  }

  it('promotes an existing account whose email is verified and whose password it is', async () => {
    const existing = await existingAccount({ verified: true })
    const before = h.securityEvents.length
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('promoted')
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
    // Its sessions, opened as a plain user, end: whoever held one does not become admin.
    expect(await isSignedIn(h, existing.token)).toBe(false)
    const issued = await loginAsRoot()
    expect(issued.user).toMatchObject({ id: existing.id, role: 'admin' })
    expect(h.securityEvents.slice(before)).toEqual([
      expect.objectContaining({
        event: 'admin.promoted',
        targetId: existing.id,
        email: ROOT.email,
      }),
    ])
  })

  it('refuses to promote an account whose email is not verified, even with its password', async () => {
    await existingAccount({ verified: false })
    const refusal = ensureFirstAdmin(h.deps, ROOT)
    await expect(refusal).rejects.toBeInstanceOf(FirstAdminError)
    await expect(refusal).rejects.toThrow(/root@example\.com.*not verified/)
    expect(await admins()).toEqual([])
  })

  it('refuses to promote a verified account when FIRST_ADMIN_PASSWORD is not its password', async () => {
    const existing = await existingAccount({ verified: true, password: PASSWORD })
    const refusal = ensureFirstAdmin(h.deps, ROOT)
    await expect(refusal).rejects.toBeInstanceOf(FirstAdminError)
    await expect(refusal).rejects.toThrow(/FIRST_ADMIN_PASSWORD is not its password/)
    expect(await admins()).toEqual([])
    // Nothing happened to the account.
    expect(await isSignedIn(h, existing.token)).toBe(true)
    expect(h.securityEvents.filter((e) => e.event === 'admin.promoted')).not.toContainEqual(
      expect.objectContaining({ targetId: existing.id }),
    )
  })

  it('does not count a disabled admin', async () => {
    const disabled = await signUpAdmin(h)
    await h.db.kysely
      .updateTable('users')
      .set({ disabled: true })
      .where('id', '=', disabled.id)
      .execute()
    expect(await ensureFirstAdmin(h.deps, ROOT)).toBe('created')
    expect((await loginAsRoot()).user.role).toBe('admin')
  })

  it('refuses an email that belongs to a disabled account', async () => {
    const existing = await existingAccount({ verified: true })
    await h.db.kysely
      .updateTable('users')
      .set({ disabled: true })
      .where('id', '=', existing.id)
      .execute()
    await expect(ensureFirstAdmin(h.deps, ROOT)).rejects.toThrow(/disabled account/)
    expect(await admins()).toEqual([])
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
    const refusal = ensureFirstAdmin(h.deps, ROOT)
    await expect(refusal).rejects.toBeInstanceOf(FirstAdminError)
    await expect(refusal).rejects.toThrow(/deleted account/)
    expect(await admins()).toEqual([])
  })

  it('creates exactly one admin when several instances start at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => ensureFirstAdmin(h.deps, ROOT)),
    )
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1)
    // The others found it.
    expect(outcomes.filter((o) => o !== 'created').every((o) => o === 'exists')).toBe(true)
    expect(await admins()).toEqual([{ email: ROOT.email, role: 'admin' }])
    const users = await h.db.kysely.selectFrom('users').select('id').execute()
    expect(users).toHaveLength(1)
    expect((await loginAsRoot()).user.role).toBe('admin')
  })
})
