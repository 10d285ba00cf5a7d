import assert from 'node:assert/strict'
import { addUser } from './ampnet-coops.ts'
import { csrfOf, getPage, newPageSession, type PageSession, postForm } from './pages-client.ts'
import type { TestApp } from './test-app.ts'

/** Signs in to the console through its form; returns the browser session (cookies) and the answer. */
export async function consoleSignIn(app: TestApp, email: string, password = 'abcdefgh', coop = '') {
  const session = newPageSession()
  const page = await getPage(app, session, '/console/sign-in')
  assert.equal(page.statusCode, 200, page.body)
  const response = await postForm(app, session, '/console/sign-in', {
    _csrf: csrfOf(page.body),
    email,
    password,
    coop,
  })
  return { session, response }
}

/** The default coop with an ADMIN and a PLATFORM_MANAGER, each signed in to the console. */
export async function consoleStaff(app: TestApp) {
  const tenantId = app.core.tenants.tenants.defaultTenant().id
  const admin = await addUser(app, tenantId, 'admin@example.com', 'ADMIN')
  await addUser(app, tenantId, 'manager@example.com', 'PLATFORM_MANAGER')
  const session = (await consoleSignIn(app, 'admin@example.com')).session
  const managerSession = (await consoleSignIn(app, 'manager@example.com')).session
  return { tenantId, admin, session, managerSession }
}

/** Opens `pageUrl` and posts to `action` with that page's CSRF token, as a button press does. */
export async function pressOn(
  app: TestApp,
  session: PageSession,
  pageUrl: string,
  action: string,
  fields: Record<string, string> = {},
) {
  const page = await getPage(app, session, pageUrl)
  return postForm(app, session, action, { _csrf: csrfOf(page.body), ...fields })
}
