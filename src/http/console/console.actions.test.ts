import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { addUser } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn, pressOn } from '../../../test/support/console-client.ts'
import { getPage, headingOf, type PageSession } from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import type { User } from '../../core/user/user.ts'

surfaceSuite('admin console: what an ADMIN does', ({ app }) => {
  let tenantId: string
  let admin: User
  let session: PageSession
  before(async () => {
    tenantId = app.core.tenants.tenants.defaultTenant().id
    admin = await addUser(app, tenantId, 'admin@example.com', 'ADMIN')
    for (let n = 0; n < 22; n++)
      await addUser(app, tenantId, `member${String(n).padStart(2, '0')}@example.com`)
    session = (await consoleSignIn(app, 'admin@example.com')).session
  })

  const user = (email: string) => addUser(app, tenantId, email)
  const lastEvent = async (type: string) =>
    (await app.core.ops.audit.page(tenantId, { page: 0, size: 1 }, { type })).events[0]

  it('pages the users by e-mail and searches them', async () => {
    const first = await getPage(app, session, '/console/users')
    assert.match(first.body, /Page 1 of 2/)
    assert.match(first.body, /href="\/console\/users\?page=2" rel="next"/)
    const second = await getPage(app, session, '/console/users?page=2')
    assert.match(second.body, /member19@example\.com/)
    assert.doesNotMatch(second.body, /member00@example\.com/)
    const found = await getPage(app, session, '/console/users?q=MEMBER07')
    assert.match(found.body, /member07@example\.com/)
    assert.doesNotMatch(found.body, /member08@example\.com/)
    const none = await getPage(app, session, '/console/users?q=nobody')
    assert.match(none.body, /No users match\./)
  })

  it('disables and enables a user, ending their sessions, audited with the ADMIN as actor', async () => {
    const target = await user('target@example.com')
    await app.core.identity.auth.openSession(target, {
      surface: 'test',
      accessTtlSeconds: 60,
      refreshTtlSeconds: 3600,
    })
    const page = `/console/users/${target.id}`
    const disabled = await pressOn(app, session, page, `${page}/disable`)
    assert.equal(disabled.statusCode, 303)
    assert.equal(disabled.headers.location, `${page}?done=disabled`)
    assert.notEqual((await app.core.identity.users.get(target.id)).disabledAt, undefined)
    assert.deepEqual(await app.core.sessions.sessions.listOpenOfUser(target.id), [])
    const event = await lastEvent('user.disabled')
    assert.equal(event?.actorUserId, admin.id)
    assert.equal(event?.subjectUserId, target.id)
    const shown = await getPage(app, session, `${page}?done=disabled`)
    assert.match(
      shown.body,
      /<p class="notice" role="status">The account is disabled and its sessions ended\.<\/p>/,
    )
    assert.match(shown.body, /Enable account/)

    const enabled = await pressOn(app, session, page, `${page}/enable`)
    assert.equal(enabled.statusCode, 303)
    assert.equal((await app.core.identity.users.get(target.id)).disabledAt, undefined)
    assert.equal((await lastEvent('user.enabled'))?.actorUserId, admin.id)
  })

  it('refuses an ADMIN’s change to their own account with 403', async () => {
    const page = `/console/users/${admin.id}`
    const refused = await pressOn(app, session, page, `${page}/disable`)
    assert.equal(refused.statusCode, 403)
    assert.equal((await app.core.identity.users.get(admin.id)).disabledAt, undefined)
  })

  it('changes a role (single holder) and refuses USER with 400', async () => {
    const target = await user('issuer@example.com')
    const page = `/console/users/${target.id}`
    const changed = await pressOn(app, session, page, `${page}/role`, { role: 'TOKEN_ISSUER' })
    assert.equal(changed.statusCode, 303)
    assert.equal((await app.core.identity.users.get(target.id)).role, 'TOKEN_ISSUER')
    assert.equal((await lastEvent('role.changed'))?.actorUserId, admin.id)
    const refused = await pressOn(app, session, page, `${page}/role`, { role: 'USER' })
    assert.equal(refused.statusCode, 400)
    assert.equal((await app.core.identity.users.get(target.id)).role, 'TOKEN_ISSUER')
  })

  it('lists a user’s open sessions and revokes one', async () => {
    const target = await user('sessions@example.com')
    const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: 3600 }
    const one = await app.core.identity.auth.openSession(target, policy)
    const two = await app.core.identity.auth.openSession(target, policy)
    const page = `/console/users/${target.id}`
    const shown = await getPage(app, session, page)
    assert.match(shown.body, new RegExp(`/sessions/${one.sessionId}/revoke`))
    const revoked = await pressOn(app, session, page, `${page}/sessions/${one.sessionId}/revoke`)
    assert.equal(revoked.statusCode, 303)
    assert.deepEqual(
      (await app.core.sessions.sessions.listOpenOfUser(target.id)).map((each) => each.id),
      [two.sessionId],
    )
    const event = await lastEvent('session.ended')
    assert.equal(event?.actorUserId, admin.id)
    assert.equal(event?.subjectUserId, target.id)
    assert.equal(event?.details.reason, 'revoked')
    const again = await pressOn(app, session, page, `${page}/sessions/${one.sessionId}/revoke`)
    assert.equal(again.statusCode, 404)
  })

  it('lists a user’s API keys without their values and revokes one', async () => {
    const target = await user('keys@example.com')
    const issue = (name: string) =>
      app.core.identity.apiKeys.issue({ tenantId, userId: target.id, name, ttlSeconds: undefined })
    const ci = await issue('ci')
    const backup = await issue('backup')
    const page = `/console/users/${target.id}`
    const shown = await getPage(app, session, page)
    assert.match(shown.body, /<td>ci<\/td>/)
    assert.doesNotMatch(shown.body, new RegExp(ci.token), 'an administrator never sees a key')
    const revoked = await pressOn(app, session, page, `${page}/api-keys/${ci.id}/revoke`)
    assert.equal(revoked.statusCode, 303)
    assert.equal(revoked.headers.location, `${page}?done=keyRevoked`)
    assert.deepEqual(
      (await app.core.identity.apiKeys.list(target.id)).map((key) => key.id),
      [backup.id],
    )
    await assert.rejects(app.core.identity.apiKeys.authenticate(ci.token), { code: 'invalid_api_key' })
    const event = await lastEvent('api_key.revoked')
    assert.equal(event?.actorUserId, admin.id)
    assert.equal(event?.subjectUserId, target.id)
    const again = await pressOn(app, session, page, `${page}/api-keys/${ci.id}/revoke`)
    assert.equal(again.statusCode, 404)
  })

  it('asks before erasing a user, then erases them', async () => {
    const target = await user('erase@example.com')
    const page = `/console/users/${target.id}`
    const confirm = await getPage(app, session, `${page}/delete`)
    assert.equal(confirm.statusCode, 200)
    assert.equal(headingOf(confirm.body), 'Delete erase@example.com?')
    assert.ok(await app.core.identity.userAdmin.find(tenantId, target.id), 'opening the page erases nothing')
    const erased = await pressOn(app, session, `${page}/delete`, `${page}/delete`)
    assert.equal(erased.statusCode, 303)
    assert.equal(erased.headers.location, '/console/users?done=deleted')
    assert.equal(await app.core.identity.userAdmin.find(tenantId, target.id), undefined)
    assert.equal((await lastEvent('user.deleted'))?.actorUserId, admin.id)
    assert.equal((await getPage(app, session, page)).statusCode, 404)
  })

  it('filters the audit log by type, user and dates, and refuses a malformed filter with 400', async () => {
    const target = await user('audited@example.com')
    const page = `/console/users/${target.id}`
    await pressOn(app, session, page, `${page}/disable`)
    const byType = await getPage(app, session, '/console/audit?type=user.disabled')
    assert.equal(byType.statusCode, 200)
    assert.match(byType.body, new RegExp(target.id))
    assert.doesNotMatch(byType.body, /<td>sign_in\.succeeded<\/td>/)
    const byUser = await getPage(app, session, `/console/audit?user=${target.id}`)
    const rows = [...byUser.body.matchAll(/<tr><td[\s\S]*?<\/tr>/g)].map((match) => match[0])
    assert.ok(rows.length > 0)
    for (const row of rows) assert.match(row, new RegExp(target.id))
    assert.ok(rows.some((row) => row.includes('<td>user.disabled</td>')))
    const today = new Date().toISOString().slice(0, 10)
    const inRange = await getPage(app, session, `/console/audit?type=user.disabled&from=${today}&to=${today}`)
    assert.match(inRange.body, new RegExp(target.id))
    const before = await getPage(app, session, '/console/audit?type=user.disabled&to=2000-01-01')
    assert.match(before.body, /No events match\./)
    const bad = await getPage(app, session, '/console/audit?from=2024-02-30')
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /Enter dates as YYYY-MM-DD/)
  })

  it('closes and opens the coop’s sign-up, audited, and the sign-up page obeys', async () => {
    const closed = await pressOn(app, session, '/console/coop', '/console/coop/sign-up?open=false')
    assert.equal(closed.statusCode, 303)
    assert.equal(closed.headers.location, '/console/coop?done=signUpClosed')
    assert.equal((await app.core.tenants.tenants.get(tenantId)).disableSignUp, true)
    assert.equal((await getPage(app, session, '/account/sign-up')).statusCode, 403)
    const event = await lastEvent('coop.updated')
    assert.equal(event?.actorUserId, admin.id)
    assert.deepEqual(event?.details.fields, ['disableSignUp'])
    const shown = await getPage(app, session, '/console/coop?done=signUpClosed')
    assert.match(shown.body, /Closed: no new accounts/)
    assert.match(shown.body, /Open sign-up/)
    const opened = await pressOn(app, session, '/console/coop', '/console/coop/sign-up?open=true')
    assert.equal(opened.statusCode, 303)
    assert.equal((await app.core.tenants.tenants.get(tenantId)).disableSignUp, false)
    const bad = await pressOn(app, session, '/console/coop', '/console/coop/sign-up?open=maybe')
    assert.equal(bad.statusCode, 400)
  })

  it('speaks Croatian', async () => {
    const page = await getPage(app, session, '/console/users?lang=hr')
    assert.equal(headingOf(page.body), 'Korisnici')
    assert.match(page.body, /Zapisnik revizije/)
  })
})
