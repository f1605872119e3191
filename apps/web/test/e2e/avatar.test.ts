import { testImage } from '@inkwell/api/testing'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openSection, person, signUp } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

/** The pixel width the browser decoded an image at: 0 until (unless) it loaded. */
function naturalWidth(img: Locator): Promise<number> {
  return img.evaluate((el) => (el as HTMLImageElement).naturalWidth)
}

describeE2E('avatar: upload from the account page, shown in the header and to admins', () => {
  let server: TestServer
  let browser: TestBrowser
  let page: Page
  const grace = person('Grace Hopper')

  const headerAvatar = () => page.getByRole('banner').getByRole('img', { name: grace.name })
  const fileInput = () => page.getByLabel('Choose a picture')

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    page = await browser.newPage()
    await signUp(page, grace)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows initials while there is no picture', async () => {
    await page.getByRole('banner').getByText('GH', { exact: true }).waitFor()
    expect(await headerAvatar().count()).toBe(0)
  })

  it('previews the chosen file, uploads it, and the header shows it at once', async () => {
    await openSection(page, 'Account')
    await page.getByRole('heading', { name: 'Picture' }).waitFor()
    const upload = page.getByRole('button', { name: 'Upload', exact: true })
    expect(await upload.isDisabled()).toBe(true)

    const png = await testImage('png', { width: 640, height: 480, color: '#2f4bbf' })
    await fileInput().setInputFiles({ name: 'grace.png', mimeType: 'image/png', buffer: png })
    const preview = page.getByRole('img', { name: 'Preview of your new avatar' })
    await preview.waitFor()
    expect(await preview.getAttribute('src')).toMatch(/^blob:/)
    // The page's Content-Security-Policy lets the blob: preview load.
    await expect.poll(() => naturalWidth(preview)).toBeGreaterThan(0)
    await screenshot(page, 'account-avatar-preview')

    await upload.click()
    await page.getByText('Picture saved.').waitFor()
    await headerAvatar().waitFor()
    expect(await headerAvatar().getAttribute('src')).toMatch(/^\/avatars\/[0-9a-f]{64}\.webp$/)
    await expect.poll(() => naturalWidth(headerAvatar())).toBe(256)
    await screenshot(page, 'account-avatar')

    // Still there after a reload: it came from the server, not from the page's memory.
    await page.reload()
    await headerAvatar().waitFor()
    await expect.poll(() => naturalWidth(headerAvatar())).toBe(256)
  })

  it('says so when the file is not a picture it can use', async () => {
    const before = await headerAvatar().getAttribute('src')
    await fileInput().setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('a shopping list, not a picture'),
    })
    await page.getByRole('button', { name: 'Upload', exact: true }).click()
    await page.getByText('That file is not a picture we can use').waitFor()
    expect(await headerAvatar().getAttribute('src')).toBe(before)
  })

  it('is shown in the admin users table', async () => {
    const { id } = await server.h.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('email', '=', grace.email)
      .returning('id')
      .executeTakeFirstOrThrow()
    server.h.deps.sessions.forgetUser(id) // as admin.users.update does
    await page.goto('/admin')
    const row = page.getByRole('row').filter({ hasText: grace.email })
    const avatar = row.getByRole('img', { name: grace.name })
    await avatar.waitFor()
    await expect.poll(() => naturalWidth(avatar)).toBe(256)
  })

  it('removes the picture: initials again', async () => {
    await openSection(page, 'Account')
    await page.getByRole('button', { name: 'Remove picture' }).click()
    await page.getByText('Picture removed.').waitFor()
    await page.getByRole('banner').getByText('GH', { exact: true }).waitFor()
    expect(await headerAvatar().count()).toBe(0)
  })
})
