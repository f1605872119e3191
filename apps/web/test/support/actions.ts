import type { Page } from 'playwright-core'
import { expect } from 'vitest'

export const PASSWORD = 'correct horse battery staple'

export interface Person {
  readonly name: string
  readonly email: string
  readonly password: string
}

/** A new person with a unique email, so files and reruns never collide. */
export function person(name: string): Person {
  const id = Math.random().toString(36).slice(2, 8)
  return {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${id}@example.com`,
    password: PASSWORD,
  }
}

export async function signUp(page: Page, who: Person): Promise<void> {
  await page.goto('/sign-up')
  await page.getByLabel('Name').fill(who.name)
  await page.getByLabel('Email').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/notes')
  await page.getByRole('heading', { name: 'Notes', level: 1 }).waitFor()
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
}

/** Follows a main-menu link, as a person would. */
export async function openSection(page: Page, name: 'Notes' | 'Trash' | 'Account' | 'Admin') {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click()
}

/** Creates a note through the editor and waits until it is saved. Returns its id. */
export async function createNote(
  page: Page,
  note: { title: string; content: string; tags?: readonly string[] },
): Promise<string> {
  await openSection(page, 'Notes')
  await page.getByRole('button', { name: 'New note' }).click()
  await page.waitForURL(/\/notes\/[0-9a-f-]{36}/)
  await page.getByLabel('Title').fill(note.title)
  for (const tag of note.tags ?? []) {
    await page.getByLabel('Add a tag').fill(tag)
    await page.getByLabel('Add a tag').press('Enter')
  }
  await page.getByLabel('Text', { exact: true }).fill(note.content)
  await waitForSaved(page)
  const id = new URL(page.url()).pathname.split('/').pop()
  if (!id) throw new Error('no note id in the address')
  return id
}

export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('.save-status.save-saved').waitFor()
}

/** The note titles on the list page, in order, once the list has settled. */
export async function noteTitles(page: Page): Promise<string[]> {
  await page.locator('section[aria-label="Your notes"][aria-busy="false"]').waitFor()
  return page.locator('.note-card-title').allTextContents()
}

/** Waits until the list shows exactly these titles (search and filters are debounced). */
export async function expectNoteTitles(page: Page, titles: readonly string[]): Promise<void> {
  await expect
    .poll(() => noteTitles(page), { timeout: 10_000 })
    .toEqual(expect.arrayContaining([...titles]))
  await expect
    .poll(async () => (await noteTitles(page)).length, { timeout: 10_000 })
    .toBe(titles.length)
}

/** Nothing sticks out sideways: the page fits the viewport's width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow).toBeLessThanOrEqual(0)
}
