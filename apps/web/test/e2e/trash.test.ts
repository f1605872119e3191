import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNote, openSection, person, signUp } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

describeE2E('the trash: delete forever and empty it, each after a confirm', () => {
  let server: TestServer
  let browser: TestBrowser
  let page: Page
  const linus = person('Linus Pauling')

  /** Opens a note and moves it to the trash. */
  async function trash(id: string) {
    await page.goto(`/notes/${id}`)
    await page.getByRole('button', { name: 'Move to trash' }).click()
    await page.waitForURL('**/notes')
  }

  async function countNotes(): Promise<number> {
    const rows = await server.h.db.kysely
      .selectFrom('notes')
      .innerJoin('users', 'users.id', 'notes.user_id')
      .select('notes.id')
      .where('users.email', '=', linus.email)
      .execute()
    return rows.length
  }

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    page = await browser.newPage()
    await signUp(page, linus)
    for (const title of ['Vitamin C', 'Triple helix', 'Chemical bond']) {
      await trash(await createNote(page, { title, content: 'notes', tags: [] }))
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('deletes one note forever only once the confirm says so', async () => {
    await openSection(page, 'Trash')
    const trashed = page.getByRole('list', { name: 'Trashed notes' })
    const row = trashed.getByRole('listitem').filter({ hasText: 'Triple helix' })
    await row.getByRole('button', { name: 'Delete forever' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete this note forever?' })
    await dialog.waitFor()
    await screenshot(page, 'trash-delete-forever')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await countNotes()).toBe(3)

    await row.getByRole('button', { name: 'Delete forever' }).click()
    await dialog.getByRole('button', { name: 'Delete forever' }).click()
    await row.waitFor({ state: 'detached' })
    expect(await countNotes()).toBe(2)
    await trashed.getByText('Vitamin C').waitFor()
  })

  it('empties the trash after a confirm', async () => {
    await page.getByRole('button', { name: 'Empty trash' }).click()
    const dialog = page.getByRole('dialog', { name: 'Empty the trash?' })
    await dialog.getByRole('button', { name: 'Empty trash' }).click()
    await page.getByText('The trash is empty').waitFor()
    expect(await countNotes()).toBe(0)
    expect(await page.getByRole('button', { name: 'Empty trash' }).count()).toBe(0)
  })
})
