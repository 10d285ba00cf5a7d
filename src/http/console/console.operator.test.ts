import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn, pressOn } from '../../../test/support/console-client.ts'
import {
  csrfOf,
  getPage,
  headingOf,
  newPageSession,
  type PageSession,
  postForm,
} from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

surfaceSuite('admin console: the operator', { env: { JWT_KEY_PUBLISH_SECONDS: '300' } }, ({ app }) => {
  let adminSession: PageSession
  before(async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await addUser(app, tenantId, 'admin@example.com', 'ADMIN')
    await createCoop(app, 'northcoop')
    adminSession = (await consoleSignIn(app, 'admin@example.com')).session
  })

  /** Follows a fresh CLI link in a new browser; returns its session and the redeeming answer. */
  async function operatorSignIn(token?: string) {
    const link = token ?? (await app.core.ops.operatorConsole.createSignInLink()).token
    const session = newPageSession()
    const page = await getPage(app, session, `/console/operator/sign-in?token=${link}`)
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['referrer-policy'], 'no-referrer')
    const response = await postForm(app, session, '/console/operator/sign-in', {
      _csrf: csrfOf(page.body),
      token: link,
    })
    return { session, response, link }
  }

  it('opens an operator session from a link, once, with its own HttpOnly Strict cookie', async () => {
    const { session, response, link } = await operatorSignIn()
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/console/operator/coops')
    const cookie = [response.headers['set-cookie']]
      .flat()
      .find((line) => line?.startsWith('lk_console_operator='))
    assert.match(
      cookie ?? '',
      /^lk_console_operator=[0-9a-f]{64}; Path=\/; SameSite=Strict; Max-Age=28800; HttpOnly$/,
    )
    const coops = await getPage(app, session, '/console/operator/coops')
    assert.equal(coops.statusCode, 200)
    assert.match(coops.body, /<code>northcoop<\/code>/)
    assert.ok(coops.body.includes(`<code>${app.core.tenants.tenants.defaultTenant().identifier}</code>`))

    const again = await operatorSignIn(link)
    assert.equal(again.response.statusCode, 400)
    assert.equal(headingOf(again.response.body), 'This link does not work')
  })

  it('refuses an expired link and a malformed one with 400', async () => {
    const { token } = await app.core.ops.operatorConsole.createSignInLink()
    app.clock.advance(11 * 60)
    const expired = await operatorSignIn(token)
    assert.equal(expired.response.statusCode, 400)
    const malformed = await getPage(app, newPageSession(), '/console/operator/sign-in?token=abc')
    assert.equal(malformed.statusCode, 400)
  })

  it('lists the signing keys and rotates one, audited; without the CSRF token nothing changes (403)', async () => {
    const { session } = await operatorSignIn()
    const before = app.core.sessions.keyRing.list().length
    const keys = await getPage(app, session, '/console/keys')
    assert.equal(keys.statusCode, 200)
    const signing = app.core.sessions.keyRing.list().find(({ state }) => state === 'signing')
    assert.ok(keys.body.includes(`<code>${signing?.key.id}</code>`))
    assert.match(keys.body, /Signing/)

    const forged = await postForm(app, session, '/console/keys/rotate', { _csrf: 'forged' })
    assert.equal(forged.statusCode, 403)
    assert.equal(app.core.sessions.keyRing.list().length, before)

    const rotated = await pressOn(app, session, '/console/keys', '/console/keys/rotate')
    assert.equal(rotated.statusCode, 303)
    assert.equal(rotated.headers.location, '/console/keys?done=keyRotated')
    const after = app.core.sessions.keyRing.list()
    assert.equal(after.length, before + 1)
    assert.equal(after[0]?.state, 'pending')
    const shown = await getPage(app, session, '/console/keys?done=keyRotated')
    assert.match(shown.body, /A new signing key is published/)
    const audited = await app.database.db
      .selectFrom('audit_events')
      .select(['type', 'tenant_id', 'details'])
      .where('type', '=', 'signing_key.rotated')
      .execute()
    assert.equal(audited.length, 1)
    assert.equal(audited[0]?.tenant_id, null)
    assert.equal(JSON.parse(String(audited[0]?.details)).kid, after[0]?.key.id)
  })

  it('refuses a coop administrator every operator page and action (403), and a stranger is sent to sign in', async () => {
    const before = app.core.sessions.keyRing.list().length
    for (const path of ['/console/operator/coops', '/console/keys']) {
      const refused = await getPage(app, adminSession, path)
      assert.equal(refused.statusCode, 403, path)
      assert.match(refused.body, /This page is for the installation’s operator/)
    }
    const page = await getPage(app, adminSession, '/console/users')
    const refused = await postForm(app, adminSession, '/console/keys/rotate', { _csrf: csrfOf(page.body) })
    assert.equal(refused.statusCode, 403)
    assert.equal(app.core.sessions.keyRing.list().length, before)

    const stranger = newPageSession()
    const sent = await getPage(app, stranger, '/console/keys')
    assert.equal(sent.statusCode, 303)
    assert.equal(sent.headers.location, '/console/sign-in')
    const form = await getPage(app, stranger, '/console/sign-in')
    assert.equal(
      (await postForm(app, stranger, '/console/keys/rotate', { _csrf: csrfOf(form.body) })).statusCode,
      401,
    )
  })

  it('signs the operator out: the session ends', async () => {
    const { session } = await operatorSignIn()
    const out = await pressOn(app, session, '/console/keys', '/console/operator/sign-out')
    assert.equal(out.statusCode, 303)
    const cookie = [out.headers['set-cookie']].flat().find((line) => line?.startsWith('lk_console_operator='))
    assert.match(cookie ?? '', /^lk_console_operator=; .*Max-Age=0/)
    // The old cookie's token no longer opens anything, even if a browser kept it.
    assert.equal((await getPage(app, session, '/console/keys')).statusCode, 303)
  })
})
