import { createClient, type InkwellClient } from '@inkwell/client'
import { describeE2E, launchBrowser, type TestBrowser } from '@inkwell/web/test/support/browser'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { screenshot } from '../support/screenshot'
import { startTestServer, type TestServer } from '../support/server'

const PASSWORD = 'correct horse battery staple'

describeE2E('the web export: sign in, write offline, sync when back online', () => {
  let server: TestServer
  let browser: TestBrowser
  let page: Page
  /** The same account on another device: a plain API client. */
  let other: InkwellClient
  const email = `ada.${Math.random().toString(36).slice(2, 8)}@example.com`

  beforeAll(async () => {
    server = await startTestServer()
    const issued = await createClient({ url: server.url }).auth.register.mutate({
      email,
      password: PASSWORD,
      name: 'Ada Lovelace',
    })
    other = createClient({ url: server.url, token: issued.session.token })
    browser = await launchBrowser(server.url)
    page = await browser.newPage({ width: 420, height: 860 })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const status = () => page.getByTestId('sync-status')
  const titles = () => page.getByTestId('note-title').allTextContents()

  async function writeNote(note: { title: string; tags: string; text: string }) {
    await page.getByRole('button', { name: 'New note' }).click()
    await page.waitForURL(/\/notes\/[0-9a-f-]{36}/)
    await page.getByRole('textbox', { name: 'Title' }).fill(note.title)
    await page.getByRole('textbox', { name: 'Tags' }).fill(note.tags)
    await page.getByRole('textbox', { name: 'Text' }).fill(note.text)
    await page.getByText('Saved on this device').waitFor()
    await page.goBack()
    await page.getByRole('button', { name: 'New note' }).waitFor()
  }

  it('sends a visitor to sign in, and signs in with a bearer session', async () => {
    await page.goto('/')
    await page.waitForURL('**/sign-in')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await screenshot(page, 'sign-in')

    await page.getByRole('textbox', { name: 'Email' }).fill(email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('That email and password do not match an account.').waitFor()

    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('No notes yet.').waitFor()
    await expect.poll(() => status().textContent()).toContain('All changes synced')
    // The token is the bearer kind, kept where the web build keeps it; no cookie session.
    const stored = await page.evaluate(() => localStorage.getItem('inkwell.session'))
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ user: { email } })
    expect(await page.context().cookies()).toEqual([])
    await screenshot(page, 'notes-empty')
  })

  it('writes and edits notes offline, with the pending count on show', async () => {
    await page.context().setOffline(true)
    await expect.poll(() => status().textContent()).toContain('Offline')

    await writeNote({ title: 'Groceries', tags: 'Home, errands', text: 'oat milk, lemons' })
    await writeNote({ title: 'Quarterly plan', tags: 'work', text: 'Roadmap: ship the app' })
    await page.getByRole('link', { name: /Groceries/ }).click()
    await page.getByRole('textbox', { name: 'Text' }).fill('oat milk, lemons, bread')
    await page.getByText('Saved on this device').waitFor()
    await page.goBack()

    await expect.poll(titles).toEqual(['Groceries', 'Quarterly plan'])
    await expect.poll(() => status().textContent()).toMatch(/Offline · [1-9]\d* changes? waiting/)
    await expect.poll(() => page.getByText('Not synced yet').count()).toBe(2)
    await screenshot(page, 'notes-offline')

    // Nothing has left the browser.
    expect((await other.notes.list.query({})).items).toEqual([])
  })

  it('finds notes offline by words and by tag', async () => {
    await page.getByRole('textbox', { name: 'Search notes' }).fill('ROADMAP')
    await expect.poll(titles).toEqual(['Quarterly plan'])
    await page.getByRole('textbox', { name: 'Search notes' }).fill('')
    await page.getByRole('button', { name: '#home' }).click()
    await expect.poll(titles).toEqual(['Groceries'])
    await screenshot(page, 'notes-tag-filter')
    await page.getByRole('button', { name: 'All' }).click()
    await expect.poll(titles).toEqual(['Groceries', 'Quarterly plan'])
  })

  it('pushes everything once back online', async () => {
    await page.context().setOffline(false)
    await expect
      .poll(() => status().textContent(), { timeout: 20_000 })
      .toContain('All changes synced')
    await expect.poll(() => page.getByText('Not synced yet').count()).toBe(0)

    const { items } = await other.notes.list.query({})
    const byTitle = items.sort((a, b) => a.title.localeCompare(b.title))
    expect(byTitle.map((n) => [n.title, n.content, n.tags])).toEqual([
      ['Groceries', 'oat milk, lemons, bread', ['home', 'errands']],
      ['Quarterly plan', 'Roadmap: ship the app', ['work']],
    ])
    await screenshot(page, 'notes-synced')
  })

  it("pulls another device's change on refresh", async () => {
    const { items } = await other.notes.list.query({ search: 'groceries' })
    const groceries = items[0]!
    await other.notes.update.mutate({
      id: groceries.id,
      version: groceries.version,
      title: 'Groceries for Sunday',
    })
    await other.notes.create.mutate({ title: 'From the laptop', content: 'hello' })

    // A pull runs in the background: the list shows its result when it has finished.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Sync now' }).click()
          return titles()
        },
        { timeout: 20_000 },
      )
      .toEqual(['From the laptop', 'Groceries for Sunday', 'Quarterly plan'])
    await screenshot(page, 'notes-pulled')
  })

  it("shows another device's change by itself, over the live stream (notes.onChange)", async () => {
    await other.notes.create.mutate({ title: 'Live from the laptop', content: 'no refresh' })
    // No "Sync now": the stream's event starts a pull. The periodic sync runs every 30 s, so
    // it cannot bring both this note and, right after, its purge within these two 10 s waits.
    await expect
      .poll(titles, { timeout: 10_000 })
      .toEqual([
        'Live from the laptop',
        'From the laptop',
        'Groceries for Sunday',
        'Quarterly plan',
      ])
    const { items } = await other.notes.list.query({ search: 'laptop' })
    const live = items.find((n) => n.title === 'Live from the laptop')!
    await other.notes.delete.mutate({ id: live.id })
    await other.notes.purge.mutate({ id: live.id })
    await expect
      .poll(titles, { timeout: 10_000 })
      .toEqual(['From the laptop', 'Groceries for Sunday', 'Quarterly plan'])
  })

  it('moves a note to the trash and back, offline, and the server follows', async () => {
    await page.context().setOffline(true)
    await page.getByRole('link', { name: /Quarterly plan/ }).click()
    await page.getByRole('button', { name: 'Move to trash' }).click()
    await expect.poll(titles).toEqual(['From the laptop', 'Groceries for Sunday'])

    await page.getByRole('link', { name: 'Trash' }).click()
    await page.getByText('Quarterly plan').waitFor()
    await screenshot(page, 'trash')
    await page.context().setOffline(false)
    await expect
      .poll(async () => (await other.notes.list.query({ trashed: true })).items.map((n) => n.title))
      .toEqual(['Quarterly plan'])

    await page.getByRole('button', { name: 'Restore Quarterly plan' }).click()
    await page.getByText('The trash is empty.').waitFor()
    await expect
      .poll(async () => (await other.notes.list.query({})).items.length, { timeout: 20_000 })
      .toBe(3)
  })

  it('keeps unsynced writes across a reload while the API is out of reach', async () => {
    await page.goto('/')
    await expect.poll(titles).toHaveLength(3)
    // The page loads, but no call reaches the API: as a dead server or a captive portal.
    await page.route('**/trpc/**', (route) => route.abort('internetdisconnected'))
    await writeNote({ title: 'Written before a reload', tags: '', text: 'still here' })
    await page.reload()
    await page.getByText('Written before a reload').waitFor()
    // The create was sent (and lost), so the edits after it wait as an op of their own.
    await expect.poll(() => status().textContent()).toMatch(/[1-9]\d* changes? waiting/)
    await expect.poll(() => page.getByText('Not synced yet').count()).toBe(1)

    await page.unroute('**/trpc/**')
    await page.getByRole('button', { name: 'Sync now' }).click()
    await expect
      .poll(() => status().textContent(), { timeout: 20_000 })
      .toContain('All changes synced')
    const { items } = await other.notes.list.query({ search: 'reload' })
    expect(items.map((n) => n.content)).toEqual(['still here'])
  })

  it("keeps both sides of a conflict: the server's note, and this device's edit as a copy", async () => {
    await page.context().setOffline(true)
    await page.getByRole('link', { name: /From the laptop/ }).click()
    await page.getByRole('textbox', { name: 'Text' }).fill('written on the phone')
    await page.getByText('Saved on this device').waitFor()
    await page.goBack()
    const theirs = (await other.notes.list.query({ search: 'laptop' })).items[0]!
    await other.notes.update.mutate({
      id: theirs.id,
      version: theirs.version,
      content: 'written on the laptop',
    })

    await page.context().setOffline(false)
    await page.getByText(/changed on another device at the same time/).waitFor({ timeout: 20_000 })
    await expect.poll(titles).toContain('From the laptop (conflict)')
    await screenshot(page, 'conflict')
    await page.getByRole('button', { name: 'OK' }).click()
    await expect
      .poll(() => status().textContent(), { timeout: 20_000 })
      .toContain('All changes synced')
    await expect
      .poll(async () => {
        const { items } = await other.notes.list.query({ search: 'laptop' })
        items.sort((a, b) => a.title.localeCompare(b.title))
        return items.map((n) => [n.title, n.content])
      })
      .toEqual([
        ['From the laptop', 'written on the laptop'],
        ['From the laptop (conflict)', 'written on the phone'],
      ])
  })

  it('signs out, and the local copy goes with the session', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL('**/sign-in')
    expect(await page.evaluate(() => localStorage.getItem('inkwell.session'))).toBeNull()
    const databases = await page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name),
    )
    expect(databases.filter((name) => name?.startsWith('inkwell-'))).toEqual([])
  })

  it('creates an account from the sign-in screen', async () => {
    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    await page.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper')
    await page.getByRole('textbox', { name: 'Email' }).fill(email)
    // The sign-in screen stays mounted (hidden) under this one: its field has the same name.
    await page.getByLabel('Password').filter({ visible: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('An account with this email already exists. Sign in instead?').waitFor()

    const grace = `grace.${Math.random().toString(36).slice(2, 8)}@example.com`
    await page.getByRole('textbox', { name: 'Email' }).fill(grace)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('No notes yet.').waitFor()
    await expect.poll(() => page.getByText(`Signed in as ${grace}`).count()).toBe(1)
    await screenshot(page, 'signed-up')
  })
})
