import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createNote,
  expectNoHorizontalScroll,
  expectNoteTitles,
  openSection,
  person,
  waitForSaved,
} from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

describeE2E('notes: sign up, write, tag, search, trash, restore', () => {
  let server: TestServer
  let browser: TestBrowser
  let page: Page
  const ada = person('Ada Lovelace')

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    page = await browser.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('sends a visitor to sign in, and signs up a new account', async () => {
    await page.goto('/')
    await page.waitForURL('**/sign-in')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await screenshot(page, 'sign-in')

    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Enter a valid email address').waitFor()
    await screenshot(page, 'sign-up-errors')

    await page.getByLabel('Name').fill(ada.name)
    await page.getByLabel('Email').fill(ada.email)
    await page.getByLabel('Password').fill(ada.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/notes')
    await page.getByText('No notes yet').waitFor()
    await screenshot(page, 'notes-empty')
  })

  it('keeps the session in an HttpOnly cookie, never in JavaScript storage', async () => {
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'inkwell_session')
    expect(session?.httpOnly).toBe(true)
    expect(session?.sameSite).toBe('Lax')
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      local: Object.keys(localStorage).length,
      session: Object.keys(sessionStorage).length,
    }))
    expect(visible).toEqual({ cookie: '', local: 0, session: 0 })
  })

  it('creates, tags and edits notes, saved as you type', async () => {
    await createNote(page, {
      title: 'Groceries',
      content: 'oat milk, lemons, coffee',
      tags: ['Home', 'errands'],
    })
    await page.getByRole('list', { name: 'Tags' }).getByText('#home').waitFor()
    await createNote(page, {
      title: 'Quarterly plan',
      content: 'Roadmap for the next quarter: ship the web app.',
      tags: ['work'],
    })
    await createNote(page, {
      title: 'Reading list',
      content: 'The Difference Engine',
      tags: ['home'],
    })
    await screenshot(page, 'note-editor')

    // Edit the first note: a new line of text and one tag fewer, then check it stuck.
    await openSection(page, 'Notes')
    await page.getByRole('link', { name: /Groceries/ }).click()
    await page.getByLabel('Text', { exact: true }).fill('oat milk, lemons, coffee\nbread')
    await page.getByRole('button', { name: 'Remove tag errands' }).click()
    await waitForSaved(page)
    await page.reload()
    await expect
      .poll(() => page.getByLabel('Text', { exact: true }).inputValue())
      .toBe('oat milk, lemons, coffee\nbread')
    expect(await page.getByRole('list', { name: 'Tags' }).textContent()).not.toContain('errands')
  })

  it('lists newest first, searches the text, and filters by tag', async () => {
    await openSection(page, 'Notes')
    await expectNoteTitles(page, ['Groceries', 'Reading list', 'Quarterly plan'])
    await screenshot(page, 'notes-list')

    await page.getByLabel('Search notes').fill('roadmap')
    await expectNoteTitles(page, ['Quarterly plan'])
    expect(page.url()).toContain('q=roadmap')
    await screenshot(page, 'notes-search')
    await page.getByLabel('Search notes').fill('nothing-like-this')
    await page.getByText('No notes match').waitFor()
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expectNoteTitles(page, ['Groceries', 'Reading list', 'Quarterly plan'])

    await page.getByRole('button', { name: /#home/ }).click()
    await expectNoteTitles(page, ['Groceries', 'Reading list'])
    expect(await page.getByRole('button', { name: /#home/ }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    await page.getByRole('button', { name: 'All', exact: true }).click()
    await expectNoteTitles(page, ['Groceries', 'Reading list', 'Quarterly plan'])
  })

  it('moves a note to the trash and restores it', async () => {
    await page.getByRole('link', { name: /Quarterly plan/ }).click()
    await page.getByRole('button', { name: 'Move to trash' }).click()
    await page.waitForURL('**/notes')
    await expectNoteTitles(page, ['Groceries', 'Reading list'])

    await openSection(page, 'Trash')
    const trashed = page.getByRole('list', { name: 'Trashed notes' })
    await trashed.getByText('Quarterly plan').waitFor()
    await screenshot(page, 'trash')
    await trashed.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('The trash is empty').waitFor()

    await openSection(page, 'Notes')
    await expectNoteTitles(page, ['Quarterly plan', 'Groceries', 'Reading list'])
  })

  it('loads more notes as the list scrolls', async () => {
    const me = await server.h.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', ada.email)
      .executeTakeFirstOrThrow()
    const now = Date.now()
    await server.h.db.kysely
      .insertInto('notes')
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          user_id: me.id,
          title: `Old note ${String(i + 1).padStart(2, '0')}`,
          content: 'From the archive.',
          tags: ['archive'],
          updated_at: new Date(now - (i + 1) * 86_400_000),
          created_at: new Date(now - (i + 1) * 86_400_000),
        })),
      )
      .execute()
    await page.reload()
    // A page is 20 notes (the next one may already be on its way: the list end is in view).
    await expect.poll(() => page.locator('.note-card').count()).toBeGreaterThanOrEqual(20)
    expect(await page.locator('.note-card').count()).toBeLessThan(48)
    // Scrolling to the end brings in the next page, until there is none.
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
          return page.locator('.note-card').count()
        },
        { timeout: 15_000 },
      )
      .toBe(48)
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' })
  })

  it('shows a 404 page for unknown addresses', async () => {
    await page.goto('/no/such/page')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await screenshot(page, 'not-found')
    await page.getByRole('link', { name: 'Back to Inkwell' }).click()
    await page.waitForURL('**/notes')
  })

  it('fits a 360 px wide screen', async () => {
    const phone = await browser.newPage({ width: 360, height: 740 })
    await phone.context().addCookies(await page.context().cookies())
    await phone.goto('/notes?tag=home')
    await expectNoteTitles(phone, ['Groceries', 'Reading list'])
    await expectNoHorizontalScroll(phone)
    await screenshot(phone, 'mobile-notes')
    await phone.getByRole('link', { name: /Groceries/ }).click()
    await phone.getByLabel('Title').waitFor()
    await expectNoHorizontalScroll(phone)
    await screenshot(phone, 'mobile-note-editor')
  })
})
