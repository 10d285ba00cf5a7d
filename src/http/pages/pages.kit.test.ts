import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  csrfOf,
  getPage,
  headingOf,
  newPageSession,
  PAGES_CSP,
  postForm,
} from '../../../test/support/pages-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

surfaceSuite('hosted pages kit', ({ app }) => {
  it('serves the signed-out page, exactly', async () => {
    const response = await getPage(app, newPageSession(), '/account/signed-out')
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    const stylesheet = /href="(\/account\/assets\/pages-[0-9a-f]{12}\.css)"/.exec(response.body)?.[1]
    assert.equal(
      response.body,
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>You are signed out</title>
<link rel="stylesheet" href="${stylesheet}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<main id="main" class="card">
<h1>You are signed out</h1>
<p>You have been signed out. You can close this window.</p>
</main>
<footer class="footer">
<nav class="languages" aria-label="Language"><ul><li><span aria-current="true">English</span></li><li><a href="/account/signed-out?lang=hr" hreflang="hr" lang="hr">Hrvatski</a></li></ul></nav>
<p>Secured by Latchkey</p>
</footer>
</body>
</html>
`,
    )
  })

  it('answers an unknown page with a 404 page in the visitor’s language', async () => {
    const response = await getPage(app, newPageSession(), '/account/nowhere', { 'accept-language': 'hr-HR' })
    assert.equal(response.statusCode, 404)
    assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    assert.equal(headingOf(response.body), 'Stranica nije pronađena')
  })

  it('answers unreadable form bodies with a 400 page, never a 5xx', async () => {
    const session = newPageSession()
    const token = csrfOf((await getPage(app, session, '/account/forgot-password')).body)
    const bodies = [
      [400, `_csrf=${token}&email=a%00b@example.com`],
      [400, `_csrf=${token}&${Array.from({ length: 60 }, (_, i) => `f${i}=x`).join('&')}`],
      [413, `_csrf=${token}&email=${'a'.repeat(1_100_000)}`],
    ] as const
    for (const [status, payload] of bodies) {
      const response = await app.inject({
        method: 'POST',
        url: '/account/forgot-password',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookieHeader() },
        payload,
      })
      assert.equal(response.statusCode, status, payload.slice(0, 100))
      assert.equal(headingOf(response.body), 'The request could not be read')
      assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    }
    const xml = await app.inject({
      method: 'POST',
      url: '/account/forgot-password',
      headers: { 'content-type': 'text/xml', cookie: session.cookieHeader() },
      payload: '<x/>',
    })
    assert.equal(xml.statusCode, 415)
    assert.equal(headingOf(xml.body), 'The request could not be read')
  })

  it('answers a NUL in the URL, which the root refuses before the pages see it, with a 400 page', async () => {
    const response = await getPage(app, newPageSession(), '/account/sign-up?_csrf=%00', {
      'accept-language': 'hr',
    })
    assert.equal(response.statusCode, 400)
    assert.equal(response.headers['content-security-policy'], PAGES_CSP)
    assert.equal(headingOf(response.body), 'Zahtjev nije moguće pročitati')
  })

  it('escapes what a visitor sends back into the page', async () => {
    const session = newPageSession()
    const token = csrfOf((await getPage(app, session, '/account/forgot-password')).body)
    const response = await postForm(app, session, '/account/forgot-password', {
      _csrf: token,
      email: '"><script>alert(1)</script>',
    })
    assert.equal(response.statusCode, 400)
    assert.doesNotMatch(response.body, /<script>/)
    assert.match(response.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
  })

  it('keeps form bodies to the pages: the JSON surfaces still refuse them', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'signup_method=EMAIL',
    })
    assert.equal(response.statusCode, 415)
  })
})

it('sets a __Host- CSRF cookie with Secure behind https', async () => {
  const app = await createTestApp({ env: { PUBLIC_URL: 'https://id.example' } })
  try {
    const response = await getPage(app, newPageSession(), '/account/forgot-password?lang=hr')
    assert.deepEqual(
      [response.headers['set-cookie']].flat().map((cookie) => cookie?.replace(/=[A-Za-z0-9_-]{43};/, '=…;')),
      [
        'lk_lang=hr; Path=/; SameSite=Lax; Max-Age=31536000; HttpOnly; Secure',
        '__Host-lk_csrf=…; Path=/; SameSite=Lax; HttpOnly; Secure',
      ],
    )
  } finally {
    await app.close()
  }
})

it('answers a rate-limited form with a 429 page and Retry-After', async () => {
  const app = await createTestApp({
    env: { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_PASSWORD_RESET: '1/3600' },
  })
  try {
    const session = newPageSession()
    const token = csrfOf((await getPage(app, session, '/account/forgot-password')).body)
    const send = () =>
      postForm(app, session, '/account/forgot-password', { _csrf: token, email: 'a@example.com' })
    assert.equal((await send()).statusCode, 200)
    const limited = await send()
    assert.equal(limited.statusCode, 429)
    assert.equal(limited.headers['retry-after'], '3600')
    assert.equal(headingOf(limited.body), 'Too many attempts')
    assert.match(limited.body, /Wait 3600 seconds, then try again\./)
  } finally {
    await app.close()
  }
})

it('moves the pages and their stylesheet under PAGES_PREFIX', async () => {
  const app = await createTestApp({ env: { PAGES_PREFIX: '/ui' } })
  try {
    const page = await getPage(app, newPageSession(), '/ui/forgot-password')
    assert.equal(page.statusCode, 200)
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)?.[1] ?? ''
    assert.match(href, /^\/ui\/assets\/pages-[0-9a-f]{12}\.css$/)
    assert.equal((await app.inject({ method: 'GET', url: href })).statusCode, 200)
    assert.match(page.body, /href="\/ui\/sign-up">Create an account</)
    assert.equal((await app.inject({ method: 'GET', url: '/account/forgot-password' })).statusCode, 404)
  } finally {
    await app.close()
  }
})
