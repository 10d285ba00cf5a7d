import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { addUser } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn, pressOn } from '../../../test/support/console-client.ts'
import { codeNow, enrolTotp } from '../../../test/support/mfa.ts'
import { csrfOf, getPage, headingOf, postForm, summaryOf } from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import type { User } from '../../core/user/user.ts'

const ticketOf = (body: string) =>
  /name="mfa_ticket" value="([^"]+)"/.exec(body)?.[1] ?? assert.fail('a ticket')

surfaceSuite('admin console: two-factor sign-in, policy and reset', ({ app }) => {
  let tenantId: string
  let admin: User
  let secret: string
  before(async () => {
    tenantId = app.core.tenants.tenants.defaultTenant().id
    admin = await addUser(app, tenantId, 'mfa.admin@example.com', 'ADMIN')
    secret = (await enrolTotp(app, admin)).secret
  })

  const succeeded = async () =>
    (
      await app.core.ops.audit.page(
        tenantId,
        { page: 0, size: 100 },
        { userId: admin.id, type: 'sign_in.succeeded' },
      )
    ).events.length

  /** Password, then the code page; the session and the code page. */
  async function passwordStep() {
    const { session, response } = await consoleSignIn(app, 'mfa.admin@example.com')
    assert.equal(response.statusCode, 200)
    assert.equal(headingOf(response.body), 'Enter your security code')
    assert.equal(session.cookies.has('lk_console'), false)
    return { session, page: response.body }
  }

  it('asks an ADMIN with TOTP for a code, and opens the console session only after it', async () => {
    const before = await succeeded()
    const { session, page } = await passwordStep()
    const wrong = await postForm(app, session, '/console/sign-in', {
      _csrf: csrfOf(page),
      mfa_ticket: ticketOf(page),
      code: '000000',
    })
    assert.equal(wrong.statusCode, 400)
    assert.deepEqual(summaryOf(wrong.body), [
      'code: The code is wrong or was already used. Wait for the next code and try again',
    ])
    assert.equal(session.cookies.has('lk_console'), false)
    assert.equal(await succeeded(), before)

    const right = await postForm(app, session, '/console/sign-in', {
      _csrf: csrfOf(wrong.body),
      mfa_ticket: ticketOf(wrong.body),
      code: codeNow(app, secret),
    })
    assert.equal(right.statusCode, 303)
    assert.equal(right.headers.location, '/console/users')
    assert.ok(session.cookies.get('lk_console'))
    assert.equal(await succeeded(), before + 1)
    assert.equal((await getPage(app, session, '/console/users')).statusCode, 200)
  })

  it('refuses a ticket from another browser, and an expired one', async () => {
    const { page } = await passwordStep()
    app.clock.advance(30)
    const other = await consoleSignIn(app, 'nobody@example.com', 'wrong')
    const stolen = await postForm(app, other.session, '/console/sign-in', {
      _csrf: csrfOf(other.response.body),
      mfa_ticket: ticketOf(page),
      code: codeNow(app, secret),
    })
    assert.equal(stolen.statusCode, 400)
    assert.equal(headingOf(stolen.body), 'This sign-in has expired')

    const { session, page: later } = await passwordStep()
    app.clock.advance(301)
    const expired = await postForm(app, session, '/console/sign-in', {
      _csrf: csrfOf(later),
      mfa_ticket: ticketOf(later),
      code: codeNow(app, secret),
    })
    assert.equal(headingOf(expired.body), 'This sign-in has expired')
    assert.equal(session.cookies.has('lk_console'), false)
  })

  async function signedInSession() {
    app.clock.advance(30)
    const { session, page } = await passwordStep()
    await postForm(app, session, '/console/sign-in', {
      _csrf: csrfOf(page),
      mfa_ticket: ticketOf(page),
      code: codeNow(app, secret),
    })
    return session
  }

  it('sets the coop’s policy and legacy switch on /console/coop/mfa, audited with the ADMIN as actor', async () => {
    const session = await signedInSession()
    const page = await getPage(app, session, '/console/coop/mfa')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /id="policy-optional" name="policy" value="optional" checked/)
    const saved = await pressOn(app, session, '/console/coop/mfa', '/console/coop/mfa', {
      policy: 'required_for_admins',
      legacy: 'allowed',
    })
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/console/coop/mfa?done=mfaPolicy')
    assert.deepEqual(await app.core.identity.mfa.policyOf(tenantId), {
      policy: 'required_for_admins',
      legacyPasswordAllowed: true,
    })
    const [event] = (
      await app.core.ops.audit.page(tenantId, { page: 0, size: 1 }, { type: 'mfa.policy_changed' })
    ).events
    assert.equal(event?.actorUserId, admin.id)
    const bad = await pressOn(app, session, '/console/coop/mfa', '/console/coop/mfa', { policy: 'always' })
    assert.equal(bad.statusCode, 400)
    await pressOn(app, session, '/console/coop/mfa', '/console/coop/mfa', { policy: 'optional' })
    assert.deepEqual(await app.core.identity.mfa.policyOf(tenantId), {
      policy: 'optional',
      legacyPasswordAllowed: false,
    })
  })

  it('resets a member’s two-factor authentication from their page', async () => {
    const session = await signedInSession()
    const member = await addUser(app, tenantId, 'lost.phone@example.com')
    await enrolTotp(app, member)
    const userPage = `/console/users/${member.id}`
    assert.match((await getPage(app, session, userPage)).body, /Reset two-factor/)
    const reset = await pressOn(app, session, userPage, `${userPage}/reset-mfa`)
    assert.equal(reset.statusCode, 303)
    assert.equal(reset.headers.location, `${userPage}?done=mfaReset`)
    assert.equal(await app.core.identity.mfa.isEnabled(member.id), false)
    const [event] = (await app.core.ops.audit.page(tenantId, { page: 0, size: 1 }, { type: 'mfa.disabled' }))
      .events
    assert.equal(event?.actorUserId, admin.id)
    assert.equal(event?.subjectUserId, member.id)
    assert.deepEqual(event?.details, { by: 'admin' })
    assert.doesNotMatch((await getPage(app, session, userPage)).body, /Reset two-factor/)
  })

  it('lets no PLATFORM_MANAGER change the policy or reset anyone', async () => {
    await addUser(app, tenantId, 'manager@example.com', 'PLATFORM_MANAGER')
    const { session } = await consoleSignIn(app, 'manager@example.com')
    const page = await getPage(app, session, '/console/coop/mfa')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, / disabled/)
    const member = await addUser(app, tenantId, 'kept@example.com')
    await enrolTotp(app, member)
    const reset = await pressOn(
      app,
      session,
      `/console/users/${member.id}`,
      `/console/users/${member.id}/reset-mfa`,
    )
    assert.equal(reset.statusCode, 403)
    assert.equal(await app.core.identity.mfa.isEnabled(member.id), true)
  })
})
