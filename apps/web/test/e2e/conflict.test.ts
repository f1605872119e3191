import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNote, person, signIn, signUp, waitForSaved } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

describeE2E('one note edited in two places at once', () => {
  let server: TestServer
  let browser: TestBrowser
  let laptop: Page
  let phone: Page
  let noteId: string
  const grace = person('Grace Hopper')
  const content = (page: Page) => page.getByLabel('Text', { exact: true })

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    laptop = await browser.newPage()
    phone = await browser.newPage()
    await signUp(laptop, grace)
    noteId = await createNote(laptop, { title: 'Talk outline', content: 'Intro', tags: ['talks'] })
    await signIn(phone, grace.email, grace.password)
    await phone.goto(`/notes/${noteId}`)
    await content(phone).waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  // Live updates take a newer version into an editor that has no unsaved edits, so a conflict
  // needs edits on both sides at once: here, a device that edits offline, then comes back.
  it('asks which version to keep, and "Keep mine" writes over theirs', async () => {
    await phone.context().setOffline(true)
    await content(phone).fill('Intro\nCompilers, from the phone')
    await content(laptop).fill('Intro\nNanoseconds, from the laptop')
    await waitForSaved(laptop)

    await phone.context().setOffline(false)
    const dialog = phone.getByRole('dialog', { name: 'This note was changed elsewhere' })
    await dialog.waitFor()
    await dialog.getByText('Nanoseconds, from the laptop').waitFor()
    await dialog.getByText('Compilers, from the phone').waitFor()
    await phone.locator('.save-status', { hasText: 'Changed elsewhere' }).waitFor()
    await screenshot(phone, 'note-conflict-dialog')

    await dialog.getByRole('button', { name: 'Keep mine' }).click()
    await dialog.waitFor({ state: 'detached' })
    await waitForSaved(phone)
    const note = await server.h.db.kysely
      .selectFrom('notes')
      .select(['content', 'version'])
      .where('id', '=', noteId)
      .executeTakeFirstOrThrow()
    expect(note.content).toBe('Intro\nCompilers, from the phone')
  })

  it('"Take theirs" replaces the local edits with the saved version', async () => {
    // The laptop edits offline while the phone saves a newer version.
    await laptop.context().setOffline(true)
    await content(laptop).fill('Intro\nA late edit on the laptop')
    await content(phone).fill('Intro\nCompilers, from the phone\nQ&A')
    await waitForSaved(phone)

    await laptop.context().setOffline(false)
    const dialog = laptop.getByRole('dialog', { name: 'This note was changed elsewhere' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Take theirs' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => content(laptop).inputValue())
      .toBe('Intro\nCompilers, from the phone\nQ&A')
    await waitForSaved(laptop)

    // And it goes on editing from the version it took: no new conflict.
    await content(laptop).fill('Intro\nCompilers, from the phone\nQ&A\nThanks')
    await waitForSaved(laptop)
    await phone.reload()
    await expect
      .poll(() => content(phone).inputValue())
      .toBe('Intro\nCompilers, from the phone\nQ&A\nThanks')
  })
})
