import { ensureFirstAdmin } from '@inkwell/api'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  expectNoHorizontalScroll,
  openSection,
  PASSWORD,
  person,
  signIn,
  signUp,
} from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

describeE2E('admin: the users table', () => {
  let server: TestServer
  let browser: TestBrowser
  let admin: Page
  let user: Page
  const boss = person('Barbara Liskov')
  const mallory = person('Mallory Malicious')

  /** The table row of the account with this email. */
  const row = (email: string) => admin.getByRole('row').filter({ hasText: email })

  beforeAll(async () => {
    server = await startTestServer()
    await ensureFirstAdmin(server.h.deps, { email: boss.email, password: boss.password })
    // Enough accounts for more than one page (20 a page).
    for (let i = 1; i <= 22; i++) {
      const n = String(i).padStart(2, '0')
      await server.h.caller().auth.register({
        email: `member${n}@example.com`,
        password: PASSWORD,
        name: `Member ${n}`,
      })
    }
    browser = await launchBrowser(server.url)
    admin = await browser.newPage()
    user = await browser.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('is not there for a user who is not an admin', async () => {
    await signUp(user, mallory)
    const nav = user.getByRole('navigation', { name: 'Main' })
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0)
    await user.goto('/admin')
    await user.getByRole('heading', { name: 'Page not found' }).waitFor()
    await openSection(user, 'Notes')
  })

  it('lists users page by page, and searches them', async () => {
    await signIn(admin, boss.email, boss.password)
    await openSection(admin, 'Admin')
    await admin.getByRole('heading', { name: 'Users' }).waitFor()
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(20)
    await screenshot(admin, 'admin-users')

    await admin.getByRole('button', { name: 'Next' }).click()
    await admin.getByText('Page 2').waitFor()
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(4) // 24 accounts in all
    await admin.getByRole('button', { name: 'Previous' }).click()
    await admin.getByText('Page 1').waitFor()

    await admin.getByLabel('Search by name or email').fill('mallory')
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1)
    await row(mallory.email).waitFor()
    await screenshot(admin, 'admin-users-search')
  })

  it('disables a user, who is signed out at once', async () => {
    await row(mallory.email)
      .getByRole('button', { name: `Disable ${mallory.email}` })
      .click()
    await row(mallory.email).getByText('Disabled').waitFor()

    // No click needed: the user's live stream ends with the session.
    await user.waitForURL('**/sign-in?expired=1**')
    await user.getByText('Your session has ended. Sign in again.').waitFor()
    await user.getByLabel('Email').fill(mallory.email)
    await user.getByLabel('Password').fill(mallory.password)
    await user.getByRole('button', { name: 'Sign in' }).click()
    await user.getByText('That email and password do not match an account.').waitFor()

    await row(mallory.email)
      .getByRole('button', { name: `Enable ${mallory.email}` })
      .click()
    await row(mallory.email).getByText('Active').waitFor()
    await user.getByRole('button', { name: 'Sign in' }).click()
    await user.waitForURL('**/notes') // back where it was
  })

  it('changes roles, refuses to demote itself, and deletes after asking', async () => {
    await admin.getByLabel('Search by name or email').fill('member07')
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1)
    await admin.getByLabel('Role of member07@example.com').selectOption('admin')
    await admin.getByText('member07@example.com updated.').waitFor()
    const promoted = await server.h.db.kysely
      .selectFrom('users')
      .select('role')
      .where('email', '=', 'member07@example.com')
      .executeTakeFirstOrThrow()
    expect(promoted.role).toBe('admin')

    await admin.getByLabel('Search by name or email').fill(boss.email)
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1)
    expect(await admin.getByLabel(`Role of ${boss.email}`).isDisabled()).toBe(true)

    await admin.getByLabel('Search by name or email').fill('member08')
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1)
    await row('member08@example.com')
      .getByRole('button', { name: 'Delete member08@example.com' })
      .click()
    const dialog = admin.getByRole('dialog', { name: 'Delete Member 08?' })
    await dialog.waitFor()
    await screenshot(admin, 'admin-delete-dialog')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    await row('member08@example.com').getByText('Active').waitFor()
    await row('member08@example.com')
      .getByRole('button', { name: 'Delete member08@example.com' })
      .click()
    await dialog.getByRole('button', { name: 'Delete user' }).click()
    await dialog.waitFor({ state: 'detached' })
    await row('member08@example.com').getByText('Deleted').waitFor()
  })

  it('fits a 360 px wide screen', async () => {
    const phone = await browser.newPage({ width: 360, height: 740 })
    await phone.context().addCookies(await admin.context().cookies())
    await phone.goto('/admin')
    await expect.poll(() => phone.locator('tbody tr').count()).toBe(20)
    await expectNoHorizontalScroll(phone)
    await screenshot(phone, 'mobile-admin-users', { fullPage: false })
    await phone.goto('/account')
    await phone.getByRole('heading', { name: 'Signed-in devices' }).waitFor()
    await expectNoHorizontalScroll(phone)
    await screenshot(phone, 'mobile-account')
  })
})
