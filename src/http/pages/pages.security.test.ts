import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { codeNow } from '../../../test/support/mfa.ts'
import {
  csrfOf,
  getPage,
  headingOf,
  newPageSession,
  type PageSession,
  postForm,
  summaryOf,
} from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

const ticketOf = (body: string) =>
  /name="mfa_ticket" value="([^"]+)"/.exec(body)?.[1] ?? assert.fail('a ticket')
const codesOf = (body: string) =>
  [...body.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1] ?? '')
const WRONG_CODE = ['code: The code is wrong or was already used. Wait for the next code and try again']

surfaceSuite('account security page', ({ app }) => {
  /** Posts a form of the page at `from` (its CSRF token) to `action`. */
  async function press(
    session: PageSession,
    fromBody: string,
    action: string,
    fields: Record<string, string> = {},
  ) {
    return postForm(app, session, action, { _csrf: csrfOf(fromBody), ...fields })
  }

  async function signIn(email: string) {
    const session = newPageSession()
    const page = await getPage(app, session, '/account/security')
    assert.equal(page.statusCode, 200)
    assert.equal(headingOf(page.body), 'Sign-in security')
    assert.match(page.body, /Sign in to manage two-factor authentication\./)
    const response = await press(session, page.body, '/account/security/sign-in', {
      email,
      password: DEFAULT_PASSWORD,
    })
    return { session, response }
  }

  it('enrols TOTP, regenerates recovery codes and disables it again, each step needing a valid code', async () => {
    const user = await createAccount(app, { email: 'owner@example.com' })
    const { session, response } = await signIn('owner@example.com')
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, '/account/security')
    let page = await getPage(app, session, '/account/security')
    assert.match(page.body, /Two-factor authentication is off\./)

    const enrol = await press(session, page.body, '/account/security/enrol')
    assert.equal(headingOf(enrol.body), 'Set up two-factor authentication')
    const secret = (/<code id="totp-secret">([^<]+)<\/code>/.exec(enrol.body)?.[1] ?? '').replace(/\s/g, '')
    assert.match(secret, /^[A-Z2-7]{32}$/)
    assert.match(
      enrol.body,
      /href="otpauth:\/\/totp\/Latchkey:owner%40example\.com\?issuer=Latchkey&amp;secret=/,
    )

    const wrong = await press(session, enrol.body, '/account/security/enrol/confirm', { code: '000000' })
    assert.equal(wrong.statusCode, 400)
    assert.deepEqual(summaryOf(wrong.body), WRONG_CODE)
    // The same secret is shown again, so the app the user set up still works.
    assert.ok(wrong.body.includes(secret.replace(/(.{4})(?=.)/g, '$1 ')))
    const confirmed = await press(session, wrong.body, '/account/security/enrol/confirm', {
      code: codeNow(app, secret),
    })
    assert.equal(confirmed.statusCode, 200)
    assert.equal(headingOf(confirmed.body), 'Save your recovery codes')
    assert.equal(codesOf(confirmed.body).length, 10)
    assert.equal(await app.core.identity.mfa.isEnabled(user.id), true)

    page = await getPage(app, session, '/account/security')
    assert.match(page.body, /Two-factor authentication is on\. Recovery codes left: 10\./)
    // A wrong code for new recovery codes shows the security page again, its codes unchanged.
    const kept = await press(session, page.body, '/account/security/recovery-codes', { code: '000000' })
    assert.equal(kept.statusCode, 400)
    assert.deepEqual(summaryOf(kept.body), WRONG_CODE)
    assert.match(kept.body, /Two-factor authentication is on\. Recovery codes left: 10\./)
    app.clock.advance(30)
    const fresh = await press(session, page.body, '/account/security/recovery-codes', {
      code: codeNow(app, secret),
    })
    assert.equal(headingOf(fresh.body), 'Save your recovery codes')
    const [recovery = ''] = codesOf(fresh.body)

    page = await getPage(app, session, '/account/security')
    const refused = await press(session, page.body, '/account/security/disable', { 'disable-code': '123456' })
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(
      summaryOf(refused.body),
      WRONG_CODE.map((line) => line.replace('code:', 'disable-code:')),
    )
    assert.match(refused.body, /<p class="error" id="disable-code-error">/)
    assert.match(refused.body, /id="disable-code" name="disable-code"[^>]* aria-invalid="true"/)
    const off = await press(session, refused.body, '/account/security/disable', { 'disable-code': recovery })
    assert.equal(off.statusCode, 200)
    assert.match(off.body, /Two-factor authentication is now off\./)
    assert.equal(await app.core.identity.mfa.isEnabled(user.id), false)

    const types = (
      await app.core.ops.audit.page(
        app.core.tenants.tenants.defaultTenant().id,
        { page: 0, size: 50 },
        { userId: user.id },
      )
    ).events.map((event) => event.type)
    for (const type of ['mfa.enrolled', 'mfa.recovery_codes_regenerated', 'mfa.disabled', 'mfa.failed'])
      assert.ok(types.includes(type), type)
  })

  it('asks for a code when a user with TOTP signs in to the page, and signs out', async () => {
    const user = await createAccount(app, { email: 'second@example.com' })
    const { secret } = await app.core.identity.mfa.startTotp(user)
    await app.core.identity.mfa.confirmTotp(client, user, codeNow(app, secret), 'test')
    app.clock.advance(30)
    const { session, response } = await signIn('second@example.com')
    assert.equal(headingOf(response.body), 'Enter your security code')
    assert.equal(
      (await getPage(app, session, '/account/security')).body.includes('Recovery codes left'),
      false,
    )
    const done = await press(session, response.body, '/account/security/sign-in', {
      mfa_ticket: ticketOf(response.body),
      code: codeNow(app, secret),
    })
    assert.equal(done.statusCode, 303)
    const page = await getPage(app, session, '/account/security')
    assert.match(page.body, /Recovery codes left: 10\./)
    const out = await press(session, page.body, '/account/security/sign-out')
    assert.equal(out.statusCode, 303)
    assert.match((await getPage(app, session, '/account/security')).body, /Sign in to manage/)
  })

  it('refuses a wrong password with the sign-in form, and actions without a session with the sign-in page', async () => {
    await createAccount(app, { email: 'third@example.com' })
    const session = newPageSession()
    const page = await getPage(app, session, '/account/security')
    const wrong = await press(session, page.body, '/account/security/sign-in', {
      email: 'third@example.com',
      password: 'Wrong-password1',
    })
    assert.equal(wrong.statusCode, 400)
    assert.deepEqual(summaryOf(wrong.body), ['email: The e-mail address or the password is wrong'])
    const enrol = await press(session, wrong.body, '/account/security/enrol')
    assert.equal(enrol.statusCode, 200)
    assert.match(enrol.body, /Sign in to manage two-factor authentication\./)
  })
})
