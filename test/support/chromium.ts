import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

// Debian's chromium package (apt-get install -y chromium); playwright-core never downloads a browser.
export const CHROMIUM = '/usr/bin/chromium'
export const chromiumMissing = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: apt-get install -y chromium`

// Without the background-networking flags Chromium keeps calling Google's hosts, which a closed
// network refuses.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Browser {
  readonly context: BrowserContext
  newPage(): Promise<Page>
  /** Closes Chromium and removes its throwaway profile. */
  close(): Promise<void>
}

export interface LaunchOptions {
  readonly viewport?: { readonly width: number; readonly height: number }
  readonly locale?: string
}

/** Headless Chromium on a fresh profile, so no cookie or passkey outlives the test. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'latchkey-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 800, height: 760 },
    ...(options.locale !== undefined && { locale: options.locale }),
  })
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

export interface ProblemWatch {
  /** The lowest response status that counts as a problem. */
  readonly failingStatus: 400 | 500
  /** How a console message names where it came from: the whole URL, its path, or not at all. */
  readonly source: 'url' | 'path' | 'none'
}

/**
 * What a person would see go wrong on `page`, as lines: console errors and CSP violations, uncaught
 * errors, and responses from `failingStatus` up. The tests assert the list at the end.
 */
export function watchProblems(page: Page, watch: ProblemWatch): string[] {
  const problems: string[] = []
  const sourceOf = (url: string) =>
    watch.source === 'none' ? '' : ` (${watch.source === 'path' ? new URL(url).pathname : url})`
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`${message.type()}: ${message.text()}${sourceOf(message.location().url)}`)
    }
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('response', (response) => {
    if (response.status() >= watch.failingStatus) problems.push(`${response.status()} ${response.url()}`)
  })
  return problems
}

/** Where the browser tests save the screenshots the docs show (regenerated on every run). */
export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname

/** A full-page screenshot saved as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}
