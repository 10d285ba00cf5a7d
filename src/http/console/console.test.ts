import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn, pressOn } from '../../../test/support/console-client.ts'
import {
  csrfOf,
  getPage,
  headingOf,
  PAGES_CSP,
  postForm,
  summaryOf,
} from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import { createTestApp } from '../../../test/support/test-app.ts'
import type { User } from '../../core/user/user.ts'

surfaceSuite('admin console: sign-in and authorisation', ({ app }) => {
  let tenantId: string
  let admin: User
  let plain: User
  let manager: User
  let stranger: User
  before(async () => {
    tenantId = app.core.tenants.tenants.defaultTenant().id
    plain = await addUser(app, tenantId, 'plain@example.com')
    admin = await addUser(app, tenantId, 'admin@example.com', 'ADMIN')
    manager = await addUser(app, tenantId, 'manager@example.com', 'PLATFORM_MANAGER')
    const other = await createCoop(app, 'othercoop')
    stranger = await addUser(app, other, 'stranger@example.com')
  })

  it('sends a visitor without a session to the sign-in page, and refuses their POST with 401', async () => {
    const { session } = await consoleSignIn(app, 'nobody@example.com')
    const list = await getPage(app, session, '/console/users')
    assert.equal(list.statusCode, 303)
    assert.equal(list.headers.location, '/console/sign-in')
    const form = await getPage(app, session, '/console/sign-in')
    const refused = await postForm(app, session, `/console/users/${plain.id}/disable`, {
      _csrf: csrfOf(form.body),
    })
    assert.equal(refused.statusCode, 401)
    assert.equal(headingOf(refused.body), 'Sign in first')
    assert.equal((await app.core.identity.users.get(plain.id)).disabledAt, undefined)
  })

  it('refuses a wrong password with 400 and audits it', async () => {
    const { response } = await consoleSignIn(app, 'admin@example.com', 'wrong-password')
    assert.equal(response.statusCode, 400)
    assert.deepEqual(summaryOf(response.body), ['email: The e-mail address or the password is wrong'])
    assert.equal(response.headers['set-cookie'], undefined)
    const { events } = await app.core.ops.audit.page(
      tenantId,
      { page: 0, size: 5 },
      { type: 'sign_in.failed' },
    )
    assert.equal(events[0]?.actorUserId, admin.id)
    assert.equal(events[0]?.details.surface, 'console')
  })

  it('refuses a USER with 403 and ends the session the sign-in opened', async () => {
    const { response } = await consoleSignIn(app, 'plain@example.com')
    assert.equal(response.statusCode, 403)
    assert.deepEqual(summaryOf(response.body), ['email: This account is not an administrator of its coop'])
    assert.deepEqual(await app.core.sessions.sessions.listOpenOfUser(plain.id), [])
  })

  it('signs an ADMIN in with a Strict HttpOnly cookie backed by a session; sign-out ends it', async () => {
    const { session, response } = await consoleSignIn(app, 'admin@example.com')
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/console/users')
    const cookie = [response.headers['set-cookie'] ?? []]
      .flat()
      .find((line) => line.startsWith('lk_console='))
    assert.match(
      cookie ?? '',
      /^lk_console=[0-9a-f]{100}; Path=\/; SameSite=Strict; Max-Age=28800; HttpOnly$/,
    )
    const list = await getPage(app, session, '/console/users')
    assert.equal(list.statusCode, 200)
    assert.equal(list.headers['content-security-policy'], PAGES_CSP)
    assert.equal(headingOf(list.body), 'Users')
    assert.match(list.body, /plain@example\.com/)
    assert.doesNotMatch(list.body, /stranger@example\.com/)
    const [open] = await app.core.sessions.sessions.listOpenOfUser(admin.id)
    assert.equal(open?.surface, 'console')

    const out = await pressOn(app, session, '/console/users', '/console/sign-out')
    assert.equal(out.statusCode, 303)
    assert.equal(out.headers.location, '/console/sign-in')
    assert.deepEqual(await app.core.sessions.sessions.listOpenOfUser(admin.id), [])
    assert.equal((await getPage(app, session, '/console/users')).statusCode, 303)
  })

  it('stops a console session as soon as it is revoked elsewhere', async () => {
    const { session } = await consoleSignIn(app, 'admin@example.com')
    const [open] = await app.core.sessions.sessions.listOpenOfUser(admin.id)
    assert.ok(open)
    await app.core.sessions.sessions.end(open.id, 'logout')
    const list = await getPage(app, session, '/console/users')
    assert.equal(list.statusCode, 303)
    assert.equal(list.headers.location, '/console/sign-in')
  })

  it('refuses a POST without the CSRF token with 403 and changes nothing', async () => {
    const { session } = await consoleSignIn(app, 'admin@example.com')
    const refused = await postForm(app, session, `/console/users/${plain.id}/disable`, {})
    assert.equal(refused.statusCode, 403)
    assert.equal(headingOf(refused.body), 'This form has expired')
    assert.equal((await app.core.identity.users.get(plain.id)).disabledAt, undefined)
  })

  it('answers 404 for another coop’s user, viewed or changed', async () => {
    const { session } = await consoleSignIn(app, 'admin@example.com')
    const view = await getPage(app, session, `/console/users/${stranger.id}`)
    assert.equal(view.statusCode, 404)
    const press = await pressOn(app, session, '/console/users', `/console/users/${stranger.id}/disable`)
    assert.equal(press.statusCode, 404)
    assert.equal((await app.core.identity.users.get(stranger.id)).disabledAt, undefined)
    const erase = await pressOn(app, session, '/console/users', `/console/users/${stranger.id}/delete`)
    assert.equal(erase.statusCode, 404)
    assert.ok(await app.core.identity.userAdmin.find(stranger.tenantId, stranger.id))
  })

  it('lets a PLATFORM_MANAGER view but refuses their changes with 403', async () => {
    const { session } = await consoleSignIn(app, 'manager@example.com')
    const view = await getPage(app, session, `/console/users/${plain.id}`)
    assert.equal(view.statusCode, 200)
    assert.match(view.body, /Your role can view accounts but not change them\./)
    assert.doesNotMatch(view.body, /Disable account/)
    for (const [action, fields] of [
      ['disable', {}],
      ['role', { role: 'TOKEN_ISSUER' }],
      ['delete', {}],
    ] as const) {
      const refused = await pressOn(
        app,
        session,
        '/console/users',
        `/console/users/${plain.id}/${action}`,
        fields,
      )
      assert.equal(refused.statusCode, 403, action)
      assert.equal(headingOf(refused.body), 'Not allowed')
    }
    const after = await app.core.identity.users.get(plain.id)
    assert.equal(after.disabledAt, undefined)
    assert.equal(after.role, 'USER')
    assert.equal(manager.role, 'PLATFORM_MANAGER')
  })
})

it('names the console cookie __Host- and marks it Secure behind https', async () => {
  const app = await createTestApp({ env: { PUBLIC_URL: 'https://id.example.com' } })
  try {
    await addUser(app, app.core.tenants.tenants.defaultTenant().id, 'admin@example.com', 'ADMIN')
    const { session, response } = await consoleSignIn(app, 'admin@example.com')
    assert.equal(response.statusCode, 303)
    const cookie = [response.headers['set-cookie'] ?? []].flat().find((line) => line.includes('lk_console='))
    assert.match(
      cookie ?? '',
      /^__Host-lk_console=[0-9a-f]{100}; Path=\/; SameSite=Strict; Max-Age=28800; HttpOnly; Secure$/,
    )
    assert.equal((await getPage(app, session, '/console/users')).statusCode, 200)
  } finally {
    await app.close()
  }
})
