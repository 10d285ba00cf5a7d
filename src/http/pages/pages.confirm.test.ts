import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
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
} from '../../../test/support/pages-client.ts'

pagesSuite('hosted confirm-email page', ({ app, sink }) => {
  const userOf = (email: string) =>
    app.core.identity.users.findByLogin(app.core.tenants.tenants.defaultTenant().id, email)

  /** Signs up through the page and returns the link of the confirmation mail. */
  async function signUpForLink(email: string) {
    const count = sink.mails.length + 1
    const response = await fillIn(app, newPageSession(), '/account/sign-up', {
      email,
      password: 'Correct-Horse-9',
    })
    assert.equal(response.statusCode, 200, response.body)
    return hostedLinkOf(await sink.waitFor(count), email, 'confirm-email')
  }

  it('opens the mailed link on a page with a button, and confirms only when it is pressed', async () => {
    const link = await signUpForLink('confirm@example.com')
    const session = newPageSession()
    const page = await getPage(app, session, link.url)
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['content-security-policy'], PAGES_CSP)
    assert.equal(headingOf(page.body), 'Confirm your e-mail address')
    assert.match(page.body, new RegExp(`<input type="hidden" name="token" value="${link.token}">`))
    assert.equal((await userOf('confirm@example.com'))?.enabled, false, 'opening the link confirms nothing')

    const confirmed = await postForm(app, session, '/account/confirm-email', {
      _csrf: csrfOf(page.body),
      token: link.token,
    })
    assert.equal(confirmed.statusCode, 200)
    assert.equal(headingOf(confirmed.body), 'E-mail address confirmed')
    const user = await userOf('confirm@example.com')
    assert.equal(user?.enabled, true)
    assert.equal(user?.emailConfirmed, true)

    const again = await postForm(app, session, '/account/confirm-email', {
      _csrf: csrfOf(page.body),
      token: link.token,
    })
    assert.equal(again.statusCode, 400)
    assert.equal(headingOf(again.body), 'This link does not work')
    assert.match(again.body, /already used/)
  })

  it('refuses the button without the CSRF token (403), leaving the account unconfirmed', async () => {
    const link = await signUpForLink('forged@example.com')
    const response = await postForm(app, newPageSession(), '/account/confirm-email', { token: link.token })
    assert.equal(response.statusCode, 403)
    assert.equal((await userOf('forged@example.com'))?.enabled, false)
  })

  it('says a link is broken (no token, not a UUID, unknown) with a 400 page', async () => {
    for (const url of ['/account/confirm-email', '/account/confirm-email?token=nonsense']) {
      const response = await getPage(app, newPageSession(), url)
      assert.equal(response.statusCode, 400)
      assert.equal(headingOf(response.body), 'This link does not work')
    }
    const session = newPageSession()
    const page = await getPage(app, session, `/account/confirm-email?token=${randomUUID()}`)
    const unknown = await postForm(app, session, '/account/confirm-email', {
      _csrf: csrfOf(page.body),
      token: randomUUID(),
    })
    assert.equal(unknown.statusCode, 400)
    assert.equal(headingOf(unknown.body), 'This link does not work')
  })

  it('says a link older than 24 hours has expired, in Croatian when asked', async () => {
    const link = await signUpForLink('late@example.com')
    app.clock.advance(86_400)
    const session = newPageSession()
    const page = await getPage(app, session, `${link.url}&lang=hr`)
    assert.equal(headingOf(page.body), 'Potvrdite e-mail adresu')
    const expired = await postForm(app, session, '/account/confirm-email', {
      _csrf: csrfOf(page.body),
      token: link.token,
    })
    assert.equal(expired.statusCode, 400)
    assert.equal(headingOf(expired.body), 'Ova poveznica ne radi')
    assert.match(expired.body, /Poveznica je istekla\./)
    assert.equal((await userOf('late@example.com'))?.enabled, false)
  })
})
