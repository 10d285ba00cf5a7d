import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { ampnetSuite, bearer, COOP, logIn, signUp, tokenFromMail } from '../support/ampnet-client.ts'

const DISABLED_409 = 'Your profile has been disabled. Please contact support.'

// An AMPnet user whose address is not confirmed yet (enabled:false) may sign in
// on AMPnet, but their token and API keys passed on every other surface.
ampnetSuite('unconfirmed and disabled users on every surface', ({ app, sink }) => {
  let counter = 0
  /** A fresh AMPnet sign-up (unconfirmed), its access token, an API key and the confirmation token. */
  async function unconfirmed() {
    counter += 1
    const email = `unconfirmed${counter}@example.com`
    const count = sink.mails.length + 1
    const { uuid } = await signUp(app, email)
    const confirmation = await tokenFromMail(sink, email, 'mail_confirmation', count)
    const { access_token } = await logIn(app, email)
    // No surface may hand them a key now, so it comes from the core (as before the fix).
    const key = await app.core.identity.apiKeys.issue({
      tenantId: app.core.tenants.tenants.defaultTenant().id,
      userId: uuid,
      name: 'k',
      ttlSeconds: undefined,
    })
    return { uuid, jwt: access_token, key: key.token, confirmation }
  }

  /** One call per surface with the user's credentials: [what, status, body]. */
  async function otherSurfaces(jwt: string, key: string) {
    const calls = [
      [
        'ideapool POST /ideas',
        app.inject({
          method: 'POST',
          url: '/ideas',
          headers: { 'x-access-token': jwt },
          payload: { content: 'an idea', impact: 5, ease: 5, confidence: 5 },
        }),
      ],
      ['ideapool GET /me', app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': jwt } })],
      ['users GET /users/me', app.inject({ method: 'GET', url: `/users/me?token=${jwt}` })],
      [
        'users GET /users/me (header)',
        app.inject({ method: 'GET', url: '/users/me', headers: { 'x-access-token': jwt } }),
      ],
      [
        'authheader POST /authheader/add',
        app.inject({
          method: 'POST',
          url: '/authheader/add',
          headers: { authorization: `Bearer ${jwt}` },
          payload: { name: 'minted' },
        }),
      ],
      [
        'authheader GET /test/secure (JWT)',
        app.inject({ method: 'GET', url: '/test/secure', headers: { authorization: jwt } }),
      ],
      [
        'authheader GET /test/secure (API key)',
        app.inject({ method: 'GET', url: '/test/secure', headers: { 'x-authorization': key } }),
      ],
    ] as const
    const answers = []
    for (const [what, pending] of calls) {
      const response = await pending
      answers.push([what, response.statusCode, response.json()] as const)
    }
    return answers
  }

  const REFUSALS = [
    ['ideapool POST /ideas', 401, { reason: 'you can not pass!' }],
    ['ideapool GET /me', 401, { reason: 'you can not pass!' }],
    ['users GET /users/me', 401, { success: false, message: 'Failed to authenticate token.' }],
    ['users GET /users/me (header)', 401, { success: false, message: 'Failed to authenticate token.' }],
    ['authheader POST /authheader/add', 401, { message: 'Unauthorized' }],
    ['authheader GET /test/secure (JWT)', 401, { message: 'Unauthorized' }],
    ['authheader GET /test/secure (API key)', 401, { message: 'Unauthorized' }],
  ]

  it('refuses an unconfirmed user’s token and API key on every other surface, in each one’s shape', async () => {
    const { jwt, key } = await unconfirmed()
    assert.deepEqual(await otherSurfaces(jwt, key), REFUSALS)
  })

  it('admits the same user once confirmed, so the refusals above can fail', async () => {
    const { jwt, key, confirmation } = await unconfirmed()
    const confirmed = await app.inject({ method: 'GET', url: `/mail-confirmation?token=${confirmation}` })
    assert.equal(confirmed.statusCode, 200)
    // The token predates the confirmation: the database decides, not the token's `enabled` claim.
    const statuses = (await otherSurfaces(jwt, key)).map(([what, status]) => [what, status])
    assert.deepEqual(statuses, [
      ['ideapool POST /ideas', 201],
      ['ideapool GET /me', 200],
      ['users GET /users/me', 200],
      ['users GET /users/me (header)', 200],
      ['authheader POST /authheader/add', 200],
      ['authheader GET /test/secure (JWT)', 200],
      ['authheader GET /test/secure (API key)', 200],
    ])
  })

  it('refuses at once a user whose account is disabled after their token was used (and cached)', async () => {
    const { uuid, jwt, key, confirmation } = await unconfirmed()
    await app.inject({ method: 'GET', url: `/mail-confirmation?token=${confirmation}` })
    assert.equal((await otherSurfaces(jwt, key)).filter(([, status]) => status >= 400).length, 0)
    // As another instance (or an operator's tool) would: the row changes, no session is ended.
    await sql`update users set enabled = 0 where id = ${uuid}`.execute(app.database.db)
    assert.deepEqual(await otherSurfaces(jwt, key), REFUSALS)
    const me = await app.inject({ method: 'GET', url: '/me', headers: bearer(jwt) })
    assert.equal(me.statusCode, 409)
  })

  it('refuses an operator-disabled user by the same rule, before their ended sessions reach this instance', async () => {
    const { uuid, jwt, key, confirmation } = await unconfirmed()
    await app.inject({ method: 'GET', url: `/mail-confirmation?token=${confirmation}` })
    // Only the mark, as another instance's `users disable` leaves it until its session ends arrive.
    await sql`update users set disabled_at = ${Date.now()} where id = ${uuid}`.execute(app.database.db)
    assert.deepEqual(await otherSurfaces(jwt, key), REFUSALS)
    // AMPnet's exemptions are for unconfirmed users, never for an operator's disable.
    for (const [method, url] of [
      ['GET', '/mail-confirmation/resend'],
      ['POST', '/logout'],
      ['GET', '/me'],
    ] as const) {
      const response = await app.inject({ method, url, headers: bearer(jwt) })
      assert.equal(response.statusCode, 409, `${method} ${url}`)
    }
  })

  describe('AMPnet, as the original: 409 on every route a valid token comes to', () => {
    const publicCalls = [
      ['GET', '/public/user/count'],
      ['GET', `/public/app/config/identifier/${COOP}`],
      ['POST', '/token'],
      ['POST', '/token/refresh'],
      ['POST', '/signup'],
      ['POST', '/forgot-password/token'],
    ] as const

    it('answers 409 on public routes, before reading the body', async () => {
      const { jwt } = await unconfirmed()
      for (const [method, url] of publicCalls) {
        const response = await app.inject({ method, url, headers: bearer(jwt), payload: {} })
        assert.equal(response.statusCode, 409, `${method} ${url}`)
        assert.equal(response.json().message, DISABLED_409, `${method} ${url}`)
        assert.equal(response.json().error, 'Conflict', `${method} ${url}`)
      }
    })

    it('still lets them resend the mail, confirm from a browser that sends the token, and log out', async () => {
      const { jwt, confirmation } = await unconfirmed()
      const count = sink.mails.length + 1
      const resend = await app.inject({
        method: 'GET',
        url: '/mail-confirmation/resend',
        headers: bearer(jwt),
      })
      assert.equal(resend.statusCode, 200)
      const email = `unconfirmed${counter}@example.com`
      const fresh = await tokenFromMail(sink, email, 'mail_confirmation', count)
      assert.notEqual(fresh, confirmation)
      const confirm = await app.inject({
        method: 'GET',
        url: `/mail-confirmation?token=${fresh}`,
        headers: bearer(jwt),
      })
      assert.equal(confirm.statusCode, 200)
      const { access_token } = await logIn(app, email)
      const logout = await app.inject({ method: 'POST', url: '/logout', headers: bearer(access_token) })
      assert.equal(logout.statusCode, 200)
    })

    it('answers public routes normally for a confirmed user’s token', async () => {
      const { confirmation } = await unconfirmed()
      await app.inject({ method: 'GET', url: `/mail-confirmation?token=${confirmation}` })
      const { access_token } = await logIn(app, `unconfirmed${counter}@example.com`)
      const count = await app.inject({
        method: 'GET',
        url: '/public/user/count',
        headers: bearer(access_token),
      })
      assert.equal(count.statusCode, 200)
    })
  })
})
