import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { chromium } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from '../../../test/support/chromium.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

it('renders /docs in headless Chromium with no console errors, showing a surface’s operations', {
  skip: chromiumMissing,
}, async () => {
  const app = await createTestApp()
  const profile = mkdtempSync(join(tmpdir(), 'latchkey-chromium-'))
  // A fresh profile each run; Playwright passes it as --user-data-dir.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  })
  try {
    const address = await app.server.listen({ port: 0, host: '127.0.0.1' })
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    const outside: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(address) && !request.url().startsWith('data:'))
        outside.push(request.url())
    })

    await page.goto(`${address}/docs`)
    // The first document in the selector is Idea Pool's.
    await page.locator('.opblock-summary-path', { hasText: '/access-tokens/refresh' }).waitFor()
    assert.ok(await page.locator('.opblock-summary-path', { hasText: '/ideas/{id}' }).first().isVisible())

    // The selector switches to another surface's document.
    await page.locator('.download-url-wrapper select').selectOption({ label: 'authheader' })
    await page.locator('.opblock-summary-path', { hasText: '/authheader/add' }).waitFor()
    assert.equal((await page.locator('.title', { hasText: 'authheader API' }).count()) > 0, true)

    assert.deepEqual(problems, [])
    assert.deepEqual(outside, [])
  } finally {
    await browser.close()
    await app.close()
    rmSync(profile, { recursive: true, force: true })
  }
})
