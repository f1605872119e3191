import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { describe } from 'vitest'
import { SCREENSHOT_DIR } from './paths'

/** Debian's Chromium (`apt-get install chromium`); Playwright's own builds cannot be fetched here. */
export const CHROMIUM = '/usr/bin/chromium'

/** Run the suite when Chromium is there, or in CI (where its absence must fail the run). */
export const describeE2E = describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface TestBrowser {
  /** A new browser context (its own cookie jar: another device, in effect) at `baseURL`. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>
  close(): Promise<void>
}

/**
 * Headless Chromium. `launch()` gives it a fresh temporary user-data-dir of its own (and
 * deletes it on close), so no run sees another's cookies or cache.
 */
export async function launchBrowser(baseURL: string): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  })
  const contexts: BrowserContext[] = []
  return {
    async newPage({ width = 1280, height = 800 } = {}) {
      const context = await browser.newContext({ baseURL, viewport: { width, height } })
      context.setDefaultTimeout(10_000)
      contexts.push(context)
      return context.newPage()
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {})
      await browser.close()
    },
  }
}

/** Saves a screenshot (of the whole page, unless told) as `test-output/screenshots/<name>.png`. */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true } = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  // Let fonts settle and any caret blink not matter.
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage,
    caret: 'hide',
  })
}
