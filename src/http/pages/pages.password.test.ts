import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
import { addUser, bearer, tokenFor } from '../../../test/support/ampnet-coops.ts'
import {
  csrfOf,
  fillIn,
  getPage,
  headingOf,
  hostedLinkOf,
  newPageSession,
  PAGES_CSP,
  pagesSuite,
  postForm,
  summaryOf,
} from '../../../test/support/pages-client.ts'

const NEW_PASSWORD = 'Brand-New-Secret-7'

pagesSuite('hosted forgot/reset password pages', ({ app, sink }) => {
  const defaultTenantId = () => app.core.tenants.tenants.defaultTenant().id
  const forgot = (email: string, lang = 'en') =>
    fillIn(app, newPageSession(), `/account/forgot-password?lang=${lang}`, { email })
  const signIn = (email: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email, password } },
    })

  it('gives known, unknown and social addresses the same page, and mails only the known one', async () => {
    await addUser(app, defaultTenantId(), 'known@example.com')
    await app.core.identity.socialLogin.createAccount(defaultTenantId(), {
      provider: 'GOOGLE',
      email: 'social@example.com',
      givenName: 'So',
      familyName: 'Cial',
    })
    const before = sink.mails.length
    const answers = []
    for (const email of ['nobody@example.com', 'social@example.com', 'known@example.com']) {
      const response = await forgot(email)
      assert.equal(response.statusCode, 200)
      assert.equal(response.headers['content-security-policy'], PAGES_CSP)
      assert.equal(headingOf(response.body), 'Check your e-mail')
      answers.push(response.body.replace(email, 'EMAIL').replace(/value="[^"]*"/g, ''))
    }
    assert.equal(new Set(answers).size, 1)
    const mails = await sink.waitFor(before + 1)
    assert.deepEqual(
      mails.slice(before).map((mail) => mail.to),
      ['known@example.com'],
    )
    hostedLinkOf(mails, 'known@example.com', 'reset-password')
  })

  it('re-renders a malformed address with the message (400), in Croatian too', async () => {
    const response = await forgot('no-at-sign')
    assert.equal(response.statusCode, 400)
    assert.deepEqual(summaryOf(response.body), ['email: Enter an e-mail address like name@example.com'])
    const hr = await forgot('no-at-sign', 'hr')
    assert.equal(hr.statusCode, 400)
    assert.equal(headingOf(hr.body), 'Promijenite lozinku')
    assert.deepEqual(summaryOf(hr.body), ['email: Upišite e-mail adresu poput ime@primjer.hr'])
  })

  it('refuses a forgot-password POST without the CSRF token (403) and sends nothing', async () => {
    await addUser(app, defaultTenantId(), 'csrf@example.com')
    const response = await postForm(app, newPageSession(), '/account/forgot-password', {
      email: 'csrf@example.com',
    })
    assert.equal(response.statusCode, 403)
    assert.equal(headingOf(response.body), 'This form has expired')
  })

  it('sets the new password from the mailed link, ends every session, and uses the link up', async () => {
    const user = await addUser(app, defaultTenantId(), 'reset@example.com')
    const accessToken = await tokenFor(app, user)
    const count = sink.mails.length + 1
    await forgot('reset@example.com')
    const link = hostedLinkOf(await sink.waitFor(count), 'reset@example.com', 'reset-password')

    const session = newPageSession()
    const page = await getPage(app, session, link.url)
    assert.equal(page.statusCode, 200)
    assert.equal(headingOf(page.body), 'Choose a new password')
    assert.match(page.body, /autocomplete="new-password"/)

    const weak = await postForm(app, session, link.url, {
      _csrf: csrfOf(page.body),
      token: link.token,
      newPassword: 'abcdefgh',
    })
    assert.equal(weak.statusCode, 400)
    assert.deepEqual(summaryOf(weak.body), [
      'newPassword: Use 8 to 64 characters, with an upper-case letter, a lower-case letter and a digit',
    ])

    const done = await postForm(app, session, link.url, {
      _csrf: csrfOf(weak.body),
      token: link.token,
      newPassword: NEW_PASSWORD,
    })
    assert.equal(done.statusCode, 200)
    assert.equal(headingOf(done.body), 'Your password is changed')
    assert.equal((await signIn('reset@example.com', NEW_PASSWORD)).statusCode, 200)
    assert.equal((await signIn('reset@example.com', 'abcdefgh')).statusCode, 400)
    const me = await app.inject({ method: 'GET', url: '/me', headers: bearer(accessToken) })
    assert.equal(me.statusCode, 400, 'the old session ended')

    const reused = await postForm(app, session, link.url, {
      _csrf: csrfOf(page.body),
      token: link.token,
      newPassword: 'Another-Secret-8',
    })
    assert.equal(reused.statusCode, 400)
    assert.equal(headingOf(reused.body), 'This link does not work')
    assert.match(reused.body, /href="\/account\/forgot-password">Ask for a new link</)
  })

  it('says a reset link has expired after an hour, and that a made-up one does not work', async () => {
    await addUser(app, defaultTenantId(), 'slow@example.com')
    const count = sink.mails.length + 1
    await forgot('slow@example.com')
    const link = hostedLinkOf(await sink.waitFor(count), 'slow@example.com', 'reset-password')
    app.clock.advance(3_600)
    const session = newPageSession()
    const page = await getPage(app, session, link.url)
    const expired = await postForm(app, session, link.url, {
      _csrf: csrfOf(page.body),
      token: link.token,
      newPassword: NEW_PASSWORD,
    })
    assert.equal(expired.statusCode, 400)
    assert.match(expired.body, /The link has expired: reset links work for one hour\./)
    const madeUp = await postForm(app, session, link.url, {
      _csrf: csrfOf(page.body),
      token: randomUUID(),
      newPassword: NEW_PASSWORD,
    })
    assert.equal(madeUp.statusCode, 400)
    assert.match(madeUp.body, /The link is incomplete or was already used\./)
    const broken = await getPage(app, session, '/account/reset-password?token=42')
    assert.equal(broken.statusCode, 400)
    assert.equal(headingOf(broken.body), 'This link does not work')
  })
})
