import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createCoop } from '../../../test/support/ampnet-coops.ts'
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
import { startPwnedRangeFake } from '../../../test/support/pwned-range-fake.ts'
import { startSmtpSink } from '../../../test/support/smtp-sink.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

const PASSWORD = 'Correct-Horse-9'

pagesSuite('hosted sign-up page', ({ app, sink }) => {
  const userOf = (email: string, tenantId = app.core.tenants.tenants.defaultTenant().id) =>
    app.core.identity.users.findByLogin(tenantId, email)

  it('serves the form with the strict CSP, no-store and an HttpOnly CSRF cookie', async () => {
    const session = newPageSession()
    const response = await getPage(app, session, '/account/sign-up')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.equal(response.headers['x-frame-options'], 'DENY')
    const [cookie] = [response.headers['set-cookie'] ?? []].flat()
    assert.match(cookie ?? '', /^lk_csrf=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Lax; HttpOnly$/)
    assert.equal(headingOf(response.body), 'Create your account')
    assert.match(response.body, /<html lang="en">/)
    assert.match(response.body, /<label for="email">E-mail address<\/label>/)
    assert.match(response.body, /<input id="email" name="email" type="email" autocomplete="email" required/)
    assert.match(
      response.body,
      /<input id="password" name="password" type="password" autocomplete="new-password"/,
    )
    assert.doesNotMatch(response.body, /<script|style=/)
  })

  it('serves the stylesheet it links with a year of caching and no cookie', async () => {
    const page = await getPage(app, newPageSession(), '/account/sign-up')
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)?.[1] ?? ''
    assert.match(href, /^\/account\/assets\/pages-[0-9a-f]{12}\.css$/)
    const css = await app.inject({ method: 'GET', url: href })
    assert.equal(css.statusCode, 200)
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8')
    assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(css.headers['set-cookie'], undefined)
    assert.match(css.body, /\.card \{/)
  })

  it('refuses a POST without a token, with a wrong one, with another browser’s, or from another site (403)', async () => {
    const session = newPageSession()
    const page = await getPage(app, session, '/account/sign-up')
    const fields = { email: 'csrf@example.com', password: PASSWORD }
    const other = newPageSession()
    const otherToken = csrfOf((await getPage(app, other, '/account/sign-up')).body)
    const refusals = [
      await postForm(app, session, '/account/sign-up', fields),
      await postForm(app, session, '/account/sign-up', { ...fields, _csrf: 'x'.repeat(43) }),
      await postForm(app, session, '/account/sign-up', { ...fields, _csrf: otherToken }),
      await postForm(app, newPageSession(), '/account/sign-up', { ...fields, _csrf: csrfOf(page.body) }),
      await postForm(
        app,
        session,
        '/account/sign-up',
        { ...fields, _csrf: csrfOf(page.body) },
        { 'sec-fetch-site': 'cross-site' },
      ),
    ]
    for (const response of refusals) {
      assert.equal(response.statusCode, 403)
      assert.equal(headingOf(response.body), 'This form has expired')
      assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    }
    assert.equal(sink.mails.length, 0)
    assert.equal(await userOf('csrf@example.com'), undefined)
  })

  it('re-renders a refused form with a summary linked to each field, keeping what was typed but the password', async () => {
    const response = await fillIn(app, newPageSession(), '/account/sign-up', {
      givenName: 'Ada <b>',
      familyName: 'L'.repeat(101),
      email: 'not-an-address',
      password: 'short',
    })
    assert.equal(response.statusCode, 400)
    assert.match(response.body, /<title>Error: Create your account<\/title>/)
    assert.deepEqual(summaryOf(response.body), [
      'familyName: Use at most 100 characters',
      'email: Enter an e-mail address like name@example.com',
      'password: Use 8 to 64 characters, with an upper-case letter, a lower-case letter and a digit',
    ])
    assert.match(response.body, /value="Ada &lt;b&gt;"/)
    assert.match(response.body, /value="not-an-address" required aria-required="true" aria-invalid="true"/)
    assert.match(response.body, /aria-describedby="password-hint password-error"/)
    assert.doesNotMatch(response.body, /value="short"/)
  })

  it('speaks Croatian from ?lang=hr, remembers it in a cookie, mails in it, and from Accept-Language', async () => {
    const session = newPageSession()
    const chosen = await getPage(app, session, '/account/sign-up?lang=hr')
    assert.match(chosen.body, /<html lang="hr">/)
    assert.equal(headingOf(chosen.body), 'Izradite račun')
    assert.equal(session.cookies.get('lk_lang'), 'hr')
    const remembered = await getPage(app, session, '/account/sign-up')
    assert.equal(headingOf(remembered.body), 'Izradite račun')
    const refused = await postForm(app, session, '/account/sign-up', {
      _csrf: csrfOf(remembered.body),
      email: 'x',
      password: PASSWORD,
    })
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(summaryOf(refused.body), ['email: Upišite e-mail adresu poput ime@primjer.hr'])
    const count = sink.mails.length + 1
    const created = await postForm(app, session, '/account/sign-up', {
      _csrf: csrfOf(refused.body),
      email: 'hrvoje@example.com',
      password: PASSWORD,
    })
    assert.equal(created.statusCode, 200)
    assert.equal(headingOf(created.body), 'Provjerite e-poštu')
    const mail = (await sink.waitFor(count)).find((each) => each.to === 'hrvoje@example.com')
    assert.equal(mail?.subject, 'Potvrdite svoju e-mail adresu', 'the mail in the language of the page')
    assert.equal((await userOf('hrvoje@example.com'))?.language, 'hr')
    const browser = await getPage(app, newPageSession(), '/account/sign-up', {
      'accept-language': 'de-DE, hr;q=0.8, en;q=0.5',
    })
    assert.equal(headingOf(browser.body), 'Izradite račun')
  })

  it('creates a disabled account and mails a link to the hosted confirmation page', async () => {
    const count = sink.mails.length + 1
    const response = await fillIn(app, newPageSession(), '/account/sign-up', {
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@example.com',
      password: PASSWORD,
    })
    assert.equal(response.statusCode, 200)
    assert.equal(headingOf(response.body), 'Check your e-mail')
    assert.match(response.body, /We sent a confirmation link to ada@example\.com\./)
    const { token } = hostedLinkOf(await sink.waitFor(count), 'ada@example.com', 'confirm-email')
    assert.match(token, /^[0-9a-f-]{36}$/)
    const user = await userOf('ada@example.com')
    assert.equal(user?.enabled, false)
    assert.equal(user?.displayName, 'Ada Lovelace')
  })

  it('says an address is taken, with the message at the e-mail field', async () => {
    const fields = { email: 'taken@example.com', password: PASSWORD }
    assert.equal((await fillIn(app, newPageSession(), '/account/sign-up', fields)).statusCode, 200)
    const again = await fillIn(app, newPageSession(), '/account/sign-up', fields)
    assert.equal(again.statusCode, 400)
    assert.deepEqual(summaryOf(again.body), [
      'email: An account with this e-mail address already exists. Reset its password if you forgot it.',
    ])
  })

  it('signs up into the coop ?coop= names, refuses a closed coop (403) and an unknown one (404)', async () => {
    const coopId = await createCoop(app, 'open-coop')
    const response = await fillIn(app, newPageSession(), '/account/sign-up?coop=open-coop', {
      email: 'member@example.com',
      password: PASSWORD,
    })
    assert.equal(response.statusCode, 200)
    assert.equal((await userOf('member@example.com', coopId))?.tenantId, coopId)
    assert.equal(await userOf('member@example.com'), undefined)
    await app.core.tenants.coops.update(coopId, { disableSignUp: true })
    const closed = await getPage(app, newPageSession(), '/account/sign-up?coop=open-coop')
    assert.equal(closed.statusCode, 403)
    assert.equal(headingOf(closed.body), 'Sign-up is closed')
    for (const coop of ['no-such-coop', 'Not%20A%20Slug']) {
      const unknown = await getPage(app, newPageSession(), `/account/sign-up?coop=${coop}`)
      assert.equal(unknown.statusCode, 404)
      assert.equal(headingOf(unknown.body), 'Page not found')
    }
  })
})

it('opens the account at once when mail confirmation is off, mailing nothing', async () => {
  const sink = await startSmtpSink()
  const app = await createTestApp({ env: { SMTP_URL: sink.url, AMPNET_MAIL_CONFIRMATION: 'false' } })
  try {
    const response = await fillIn(app, newPageSession(), '/account/sign-up', {
      email: 'open@example.com',
      password: PASSWORD,
    })
    assert.equal(response.statusCode, 200)
    assert.equal(headingOf(response.body), 'Your account is ready')
    const user = await app.core.identity.users.findByLogin(
      app.core.tenants.tenants.defaultTenant().id,
      'open@example.com',
    )
    assert.equal(user?.enabled, true)
    await app.core.mail.mailOutbox.stop()
    assert.equal(sink.mails.length, 0)
  } finally {
    await app.close()
    await sink.close()
  }
})

it('keeps the account disabled when the coop asks for confirmed addresses, even with confirmation off (#13)', async () => {
  const sink = await startSmtpSink()
  const app = await createTestApp({ env: { SMTP_URL: sink.url, AMPNET_MAIL_CONFIRMATION: 'false' } })
  try {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.tenants.tenants.setSignUpPolicy(tenantId, { confirmEmail: true })
    const response = await fillIn(app, newPageSession(), '/account/sign-up', {
      email: 'confirm@example.com',
      password: PASSWORD,
    })
    assert.equal(response.statusCode, 200)
    assert.equal(headingOf(response.body), 'Check your e-mail')
    assert.equal((await app.core.identity.users.findByLogin(tenantId, 'confirm@example.com'))?.enabled, false)
    assert.equal((await sink.waitFor(1))[0]?.to, 'confirm@example.com')
  } finally {
    await app.close()
    await sink.close()
  }
})

it('refuses a breached password at the password field, in Croatian too', async () => {
  const breached = 'Password-123'
  const fake = await startPwnedRangeFake({ [breached]: 42 })
  const app = await createTestApp({ env: { BREACHED_PASSWORDS_URL: fake.url } })
  try {
    for (const [lang, message] of [
      ['en', 'This password has appeared in a data breach. Choose another one'],
      ['hr', 'Ova se lozinka pojavila u curenju podataka. Odaberite drugu'],
    ] as const) {
      const response = await fillIn(app, newPageSession(), `/account/sign-up?lang=${lang}`, {
        email: `breached-${lang}@example.com`,
        password: breached,
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(summaryOf(response.body), [`password: ${message}`])
    }
  } finally {
    await app.close()
    await fake.close()
  }
})
