import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openSection, person, signUp } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

describeE2E('account: API tokens', () => {
  let server: TestServer
  let browser: TestBrowser
  let page: Page
  const grace = person('Grace Hopper')

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    page = await browser.newPage()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const whoAmI = (token: string) =>
    fetch(`${server.url}/trpc/users.me`, { headers: { authorization: `Bearer ${token}` } })

  it('creates a token, shows it once with a copy button, and it works as a bearer token', async () => {
    await signUp(page, grace)
    await openSection(page, 'Account')
    await page.getByRole('heading', { name: 'API tokens' }).waitFor()
    await page.getByText('No API tokens yet.').waitFor()
    await page.getByLabel('Token name').fill('nightly backup')
    await page.getByLabel('Access').selectOption('read')
    await page.getByRole('button', { name: 'Create token' }).click()

    const shown = page.getByLabel('Token', { exact: true })
    await shown.waitFor()
    const token = await shown.inputValue()
    expect(token).toMatch(/^ink_[a-z2-7]{32}$/)
    await page.getByRole('button', { name: 'Copy' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)
    await screenshot(page, 'api-token-created')

    expect((await whoAmI(token)).status).toBe(200)
    await page.getByRole('button', { name: 'Done' }).click()
    await shown.waitFor({ state: 'detached' })
    // Shown once: nowhere on the page any more.
    expect(await page.content()).not.toContain(token)
    const rows = page.getByRole('list', { name: 'API tokens' }).getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('nightly backup')
    expect(await rows.first().textContent()).toContain('Read only')
  })

  it('revokes a token: it disappears from the list and stops working', async () => {
    await page.getByLabel('Token name').fill('to revoke')
    await page.getByLabel('Access').selectOption('write')
    await page.getByRole('button', { name: 'Create token' }).click()
    const token = await page.getByLabel('Token', { exact: true }).inputValue()
    await page.getByRole('button', { name: 'Done' }).click()
    const rows = page.getByRole('list', { name: 'API tokens' }).getByRole('listitem')
    await expect.poll(() => rows.count()).toBe(2)
    await page.getByRole('button', { name: 'Revoke to revoke' }).click()
    await expect.poll(() => rows.count()).toBe(1)
    expect((await whoAmI(token)).status).toBe(401)
  })
})
