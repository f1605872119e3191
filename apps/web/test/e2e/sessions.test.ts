import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openSection, person, signIn, signUp } from '../support/actions'
import { describeE2E, launchBrowser, screenshot, type TestBrowser } from '../support/browser'
import { startTestServer, type TestServer } from '../support/server'

const NEW_PASSWORD = 'a brand new passphrase'
const RESET_PASSWORD = 'reset by mail passphrase'

/** The link in a mail: `<publicUrl>/reset-password?token=…`. */
function linkIn(text: string, path: string): string {
  const link = text.match(new RegExp(`https?://\\S+${path}\\?token=[\\w-]+`))?.[0]
  if (!link) throw new Error(`no ${path} link in the mail:\n${text}`)
  return link
}

describeE2E('sessions: password change, password reset, email confirmation', () => {
  let server: TestServer
  let browser: TestBrowser
  let desktop: Page
  let laptop: Page
  const alan = person('Alan Turing')

  beforeAll(async () => {
    server = await startTestServer()
    browser = await launchBrowser(server.url)
    desktop = await browser.newPage()
    laptop = await browser.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('signs in with the keyboard alone', async () => {
    await signUp(desktop, alan)
    await laptop.goto('/sign-in')
    await laptop.getByRole('heading', { name: 'Sign in' }).waitFor()
    await laptop.keyboard.press('Tab') // the Inkwell home link
    await laptop.keyboard.press('Tab')
    expect(await laptop.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email')
    await laptop.keyboard.type(alan.email)
    await laptop.keyboard.press('Tab')
    await laptop.keyboard.type(alan.password)
    await laptop.keyboard.press('Enter')
    await laptop.waitForURL('**/notes')
  })

  it('confirms the email from the mailed link', async () => {
    const mail = await server.h.smtp.waitFor(
      (m) => m.to.includes(alan.email) && m.subject.includes('Confirm'),
    )
    const link = linkIn(mail.text, '/verify-email')
    expect(link.startsWith(server.url)).toBe(true)
    await desktop.goto(link)
    await desktop.getByText('is confirmed').waitFor()
    await screenshot(desktop, 'verify-email')
    await desktop.getByRole('link', { name: 'Go to your notes' }).click()
    await openSection(desktop, 'Account')
    await desktop.getByText('Confirmed', { exact: true }).waitFor()
  })

  it('lists the signed-in devices, and a password change ends the others', async () => {
    await desktop.getByRole('heading', { name: 'Signed-in devices' }).waitFor()
    await expect
      .poll(() => desktop.getByRole('list', { name: 'Sessions' }).getByRole('listitem').count())
      .toBe(2)
    await desktop.getByLabel('Name', { exact: true }).fill('Alan M. Turing')
    await desktop.getByRole('button', { name: 'Save name' }).click()
    await desktop.getByText('Name saved.').waitFor()
    await screenshot(desktop, 'account')

    await desktop.getByLabel('Current password').fill(alan.password)
    await desktop.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await desktop.getByLabel('Repeat the new password').fill(NEW_PASSWORD)
    await desktop.getByRole('button', { name: 'Change password' }).click()
    await desktop.getByText('Every other session was signed out').waitFor()
    await expect
      .poll(() => desktop.getByRole('list', { name: 'Sessions' }).getByRole('listitem').count())
      .toBe(1)

    // The laptop finds out at once (its live stream ends with the session), and is asked to
    // sign in again.
    await laptop.waitForURL('**/sign-in?expired=1**')
    await laptop.getByText('Your session has ended. Sign in again.').waitFor()
    await screenshot(laptop, 'session-ended')

    await laptop.getByLabel('Email').fill(alan.email)
    await laptop.getByLabel('Password').fill(alan.password)
    await laptop.getByRole('button', { name: 'Sign in' }).click()
    await laptop.getByText('That email and password do not match an account.').waitFor()
    await laptop.getByLabel('Password').fill(NEW_PASSWORD)
    await laptop.getByRole('button', { name: 'Sign in' }).click()
    await laptop.waitForURL('**/notes') // back where it was
  })

  it('refuses a wrong current password with its own message', async () => {
    await desktop.getByLabel('Current password').fill('not the password')
    await desktop.getByLabel('New password', { exact: true }).fill('whatever it may be')
    await desktop.getByLabel('Repeat the new password').fill('whatever it may be')
    await desktop.getByRole('button', { name: 'Change password' }).click()
    await desktop.getByText('Your current password is not right.').waitFor()
  })

  it('resets a forgotten password through the mailed link', async () => {
    const stranger = await browser.newPage()
    await stranger.goto('/sign-in')
    await stranger.getByRole('link', { name: 'Forgot your password?' }).click()
    await stranger.getByLabel('Email').fill(alan.email)
    await stranger.getByRole('button', { name: 'Send reset link' }).click()
    await stranger.getByText('a link is on its way').waitFor()
    await screenshot(stranger, 'forgot-password')

    const mail = await server.h.smtp.waitFor(
      (m) => m.to.includes(alan.email) && m.subject.includes('Reset'),
    )
    const link = linkIn(mail.text, '/reset-password')
    await stranger.goto(link)
    await stranger.getByRole('heading', { name: 'Choose a new password' }).waitFor()
    await stranger.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD)
    await stranger.getByLabel('Repeat the new password').fill('something else')
    await stranger.getByRole('button', { name: 'Set new password' }).click()
    await stranger.getByText('The two passwords differ.').waitFor()
    await screenshot(stranger, 'reset-password')
    await stranger.getByLabel('Repeat the new password').fill(RESET_PASSWORD)
    await stranger.getByRole('button', { name: 'Set new password' }).click()
    await stranger.getByText('every session was signed out').waitFor()

    // The link works once.
    await stranger.goto(link)
    await stranger.getByLabel('New password', { exact: true }).fill('yet another passphrase')
    await stranger.getByLabel('Repeat the new password').fill('yet another passphrase')
    await stranger.getByRole('button', { name: 'Set new password' }).click()
    await stranger.getByText('This link has expired or was already used').waitFor()

    // Every session ended, the desktop's too (at once: its live stream ended with it); the new
    // password works.
    await desktop.waitForURL('**/sign-in?expired=1**')
    await signIn(stranger, alan.email, RESET_PASSWORD)
    await stranger.getByRole('heading', { name: 'Notes', level: 1 }).waitFor()
  })

  it('signs out, and the cookie is gone', async () => {
    await signIn(desktop, alan.email, RESET_PASSWORD)
    await desktop.getByRole('button', { name: 'Sign out' }).click()
    await desktop.waitForURL('**/sign-in')
    const cookies = await desktop.context().cookies()
    expect(cookies.find((c) => c.name === 'inkwell_session')).toBeUndefined()
    await desktop.goto('/account')
    await desktop.waitForURL('**/sign-in?next=%2Faccount')
  })
})
