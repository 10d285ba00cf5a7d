import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
import { jwtPayload } from '../../../../test/support/accounts.ts'
import {
  ampnetBody,
  ampnetSuite,
  bearer,
  logIn,
  signUp,
  tokenFromMail,
} from '../../../../test/support/ampnet-client.ts'

ampnetSuite('ampnet mail confirmation', ({ app, sink }) => {
  const confirm = (token: string) => app.inject({ method: 'GET', url: `/mail-confirmation?token=${token}` })
  const resend = (accessToken: string) =>
    app.inject({ method: 'GET', url: '/mail-confirmation/resend', headers: bearer(accessToken) })
  /** Signs up and returns the token of the confirmation mail. */
  async function signUpForToken(email: string) {
    const count = sink.mails.length + 1
    await signUp(app, email)
    return tokenFromMail(sink, email, 'mail_confirmation', count)
  }

  it('confirms with the mailed link, after which tokens say enabled', async () => {
    const token = await signUpForToken('confirm@smith.com')
    const before = await logIn(app, 'confirm@smith.com')
    assert.equal(JSON.parse(jwtPayload(before.access_token).user as string).enabled, false)
    const response = await confirm(token)
    assert.equal(response.statusCode, 200)
    assert.equal(response.body, '')
    assert.equal(response.headers['content-type'], undefined)
    const after = await logIn(app, 'confirm@smith.com')
    assert.equal(JSON.parse(jwtPayload(after.access_token).user as string).enabled, true)
    const me = await app.inject({ method: 'GET', url: '/me', headers: bearer(after.access_token) })
    assert.equal(me.json().enabled, true)
    assert.equal((await confirm(token)).statusCode, 404, 'used once')
  })

  it('confirms once when the same link is opened twice at the same moment', async () => {
    const token = await signUpForToken('race@smith.com')
    const statuses = (await Promise.all([confirm(token), confirm(token)])).map((each) => each.statusCode)
    assert.deepEqual(statuses.sort(), [200, 404])
  })

  it('answers 0104 to a token that is not a UUID and an empty 404 to an unknown one', async () => {
    const invalid = await confirm('bezvezni-token-tak')
    assert.equal(invalid.statusCode, 400)
    assert.deepEqual(
      invalid.json(),
      ampnetBody(
        '0104',
        'Failed Email confirmation, invalid token format',
        'Token: bezvezni-token-tak is not in a valid format.',
      ),
    )
    const unknown = await confirm(randomUUID())
    assert.equal(unknown.statusCode, 404)
    assert.equal(unknown.body, '')
    assert.equal((await app.inject({ method: 'GET', url: '/mail-confirmation' })).statusCode, 400)
  })

  it('answers 0105 to a token older than 24 hours, and keeps answering so', async () => {
    const token = await signUpForToken('late@smith.com')
    app.clock.advance(86_400)
    for (let i = 0; i < 2; i++) {
      const response = await confirm(token)
      assert.equal(response.statusCode, 400)
      assert.deepEqual(
        response.json(),
        ampnetBody(
          '0105',
          'Failed Email confirmation, token expired',
          `User is trying to confirm mail with expired token: ${token}`,
        ),
      )
    }
  })

  it('lets an unconfirmed user resend the mail, whose new token confirms while the old one is gone', async () => {
    const first = await signUpForToken('resend@smith.com')
    const { access_token } = await logIn(app, 'resend@smith.com')
    const count = sink.mails.length + 1
    const response = await resend(access_token)
    assert.equal(response.statusCode, 200)
    assert.equal(response.body, '')
    const second = await tokenFromMail(sink, 'resend@smith.com', 'mail_confirmation', count)
    assert.notEqual(second, first)
    assert.equal((await confirm(first)).statusCode, 404)
    assert.equal((await confirm(second)).statusCode, 200)
  })

  it('refuses an unconfirmed user with 409 everywhere else, but lets them log out', async () => {
    await signUpForToken('disabled@smith.com')
    const tokens = await logIn(app, 'disabled@smith.com')
    for (const [method, url] of [
      ['GET', '/me'],
      ['PUT', '/me/update'],
      ['POST', '/me/password'],
    ] as const) {
      const response = await app.inject({ method, url, headers: bearer(tokens.access_token), payload: {} })
      assert.equal(response.statusCode, 409, `${method} ${url}`)
      assert.equal(response.json().message, 'Your profile has been disabled. Please contact support.')
      assert.equal(response.json().error, 'Conflict')
    }
    const logout = await app.inject({ method: 'POST', url: '/logout', headers: bearer(tokens.access_token) })
    assert.equal(logout.statusCode, 200)
    const refresh = await app.inject({
      method: 'POST',
      url: '/token/refresh',
      payload: { refresh_token: tokens.refresh_token },
    })
    assert.equal(refresh.json().err_code, '0208')
  })

  it('mails in the user’s language, falling back to English', async () => {
    await signUpForToken('hr@smith.com')
    const { access_token } = await logIn(app, 'hr@smith.com')
    const token = await tokenFromMail(sink, 'hr@smith.com', 'mail_confirmation', sink.mails.length)
    assert.equal((await confirm(token)).statusCode, 200)
    const update = await app.inject({
      method: 'PUT',
      url: '/me/update',
      headers: bearer(access_token),
      payload: { language: 'hr' },
    })
    assert.equal(update.statusCode, 200)
    const count = sink.mails.length + 1
    assert.equal((await resend(access_token)).statusCode, 200)
    await tokenFromMail(sink, 'hr@smith.com', 'mail_confirmation', count)
    assert.equal(sink.mails.at(-1)?.subject, 'Potvrdite svoju e-mail adresu')
  })
})
