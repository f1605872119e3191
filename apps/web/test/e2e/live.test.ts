import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNote, noteTitles, person, signIn, signUp, waitForSaved } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

/** "Within a second or two": no reload, no navigation, only the live event and a refetch. */
const LIVE = { timeout: 3_000 }

describeE2E('live updates: an edit on one device shows on the other', () => {
  let server: TestServer
  let browser: TestBrowser
  let laptop: Page
  let phone: Page
  let noteId: string
  const katherine = person('Katherine Johnson')
  const content = (page: Page) => page.getByLabel('Text', { exact: true })
  const title = (page: Page) => page.getByLabel('Title', { exact: true })

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    laptop = await browser.newPage()
    phone = await browser.newPage()
    await signUp(laptop, katherine)
    await signIn(phone, katherine.email, katherine.password)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('refreshes the notes list when a note is made elsewhere', async () => {
    await phone.goto('/notes')
    await phone.getByText('No notes yet').waitFor()
    noteId = await createNote(laptop, { title: 'Orbit maths', content: 'Euler', tags: [] })
    await phone.locator('.note-card-title', { hasText: 'Orbit maths' }).waitFor(LIVE)
    expect(await noteTitles(phone)).toEqual(['Orbit maths'])
  })

  it('takes an edit made elsewhere into an open editor without unsaved edits, silently', async () => {
    await phone.goto(`/notes/${noteId}`)
    await expect.poll(() => content(phone).inputValue()).toBe('Euler')

    await content(laptop).fill("Euler's method, step by step")
    await waitForSaved(laptop)
    await expect.poll(() => content(phone).inputValue(), LIVE).toBe("Euler's method, step by step")
    await phone.locator('.save-status.save-saved').waitFor()
    expect(await phone.getByRole('dialog').count()).toBe(0)

    // The phone edits on from that version: no conflict on either side.
    await content(phone).fill("Euler's method, step by step\nChecked by hand")
    await waitForSaved(phone)
    await expect
      .poll(() => content(laptop).inputValue(), LIVE)
      .toBe("Euler's method, step by step\nChecked by hand")
  })

  it('never overwrites unsaved edits: it says "changed elsewhere" and lets you choose', async () => {
    // An empty title cannot be saved: the phone holds unsaved edits for as long as needed.
    await title(phone).fill('')
    await phone.getByText('Give the note a title to save it.').waitFor()

    await content(laptop).fill('Trajectory for Friendship 7')
    await waitForSaved(laptop)
    const dialog = phone.getByRole('dialog', { name: 'This note was changed elsewhere' })
    await dialog.waitFor(LIVE)
    await phone.locator('.save-status', { hasText: 'Changed elsewhere' }).waitFor()
    expect(await title(phone).inputValue()).toBe('')
    await dialog.getByText('Trajectory for Friendship 7').waitFor()
    await screenshot(phone, 'note-changed-elsewhere')

    await dialog.getByRole('button', { name: 'Take theirs' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await title(phone).inputValue()).toBe('Orbit maths')
    expect(await content(phone).inputValue()).toBe('Trajectory for Friendship 7')
    await phone.locator('.save-status.save-saved').waitFor()
  })
})
