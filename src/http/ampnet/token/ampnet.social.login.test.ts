import assert from 'node:assert/strict'
import { it } from 'node:test'
import { jwtPayload } from '../../../../test/support/accounts.ts'
import { ampnetBody, bearer, COOP, signUp } from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { GOOGLE_CLIENT_ID } from '../../../../test/support/google-fake.ts'
import { socialLoginBody, socialSignUpBody, useSocialApp } from '../../../../test/support/social-env.ts'

const INVALID_LOGIN = ampnetBody('0207', 'Invalid username or password', 'Invalid username or password')

// Social login against local Google and Facebook.
forEachDatabase('AMPnet social login', (dialect) => {
  const { app, sink, google, facebook } = useSocialApp(dialect)

  const logIn = (body: object) => app.inject({ method: 'POST', url: '/token', payload: body })
  const socialUser = async (method: 'GOOGLE' | 'FACEBOOK', email: string, coop?: string) => {
    const token =
      method === 'GOOGLE'
        ? google.accessToken({ email, given_name: 'Gina', family_name: 'Smith' })
        : facebook.userToken({ email, first_name: 'Gina', last_name: 'Smith' })
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: socialSignUpBody(method, token, coop),
    })
    assert.equal(response.statusCode, 200, response.body)
    return response.json<{ uuid: string }>().uuid
  }

  it('logs a Google user in with a new access token and puts the provider names in the token', async () => {
    const uuid = await socialUser('GOOGLE', 'gina@gmail.com', COOP)
    const response = await logIn(
      socialLoginBody('GOOGLE', google.accessToken({ email: 'gina@gmail.com' }), COOP),
    )
    assert.equal(response.statusCode, 200, response.body)
    const tokens = response.json()
    assert.deepEqual(Object.keys(tokens).sort(), [
      'access_token',
      'expires_in',
      'refresh_token',
      'refresh_token_expires_in',
    ])
    assert.equal(tokens.expires_in, 86_400_000)
    assert.equal(tokens.refresh_token_expires_in, 7_776_000_000)
    const claims = jwtPayload(tokens.access_token)
    assert.equal(claims.sub, 'gina@gmail.com')
    assert.deepEqual(JSON.parse(claims.user as string), {
      uuid,
      email: 'gina@gmail.com',
      name: 'Gina Smith',
      authorities: ['PRO_PROFILE', 'PWO_PROFILE', 'PRO_ORG_INVITE', 'PWO_ORG_INVITE', 'ROLE_USER'],
      enabled: true,
      verified: false,
      coop: COOP,
    })
    const me = await app.inject({ method: 'GET', url: '/me', headers: bearer(tokens.access_token) })
    assert.equal(me.statusCode, 200)
    assert.equal(me.json().uuid, uuid)
    const tenantId = (await app.core.tenants.tenants.findByIdentifier(COOP))?.id ?? ''
    const { events } = await app.core.ops.audit.page(tenantId, { page: 0, size: 100 })
    assert.deepEqual(
      events
        .filter((event) => event.actorUserId === uuid)
        .map((event) => [event.type, event.details.method, event.details.surface ?? null]),
      [
        ['sign_in.succeeded', 'google', 'ampnet'],
        ['sign_up', 'google', null],
      ],
    )
  })

  it('logs a Google user in with an ID token as well', async () => {
    await socialUser('GOOGLE', 'both-kinds@gmail.com', COOP)
    // ID tokens count only for a coop that names its Google client.
    await app.core.tenants.coops.update(app.core.tenants.tenants.defaultTenant().id, {
      config: { googleClientId: GOOGLE_CLIENT_ID },
    })
    const token = await google.idToken({ email: 'both-kinds@gmail.com', verified_email: true })
    const response = await logIn(socialLoginBody('GOOGLE', token, COOP))
    assert.equal(response.statusCode, 200, response.body)
  })

  it('logs a Facebook user of the default coop in without naming the coop', async () => {
    await socialUser('FACEBOOK', 'john@smith.com')
    const response = await logIn(socialLoginBody('FACEBOOK', facebook.userToken({ email: 'john@smith.com' })))
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(JSON.parse(jwtPayload(response.json().access_token).user as string).coop, COOP)
  })

  it('answers 400 0201 when the account signs in another way', async () => {
    await signUp(app, 'email-user@smith.com')
    await socialUser('FACEBOOK', 'fb-user@smith.com', COOP)
    const cases = [
      ['GOOGLE', google.accessToken({ email: 'email-user@smith.com' }), 'EMAIL', 'GOOGLE'],
      ['FACEBOOK', facebook.userToken({ email: 'email-user@smith.com' }), 'EMAIL', 'FACEBOOK'],
      ['GOOGLE', google.accessToken({ email: 'fb-user@smith.com' }), 'FACEBOOK', 'GOOGLE'],
    ] as const
    for (const [method, token, registered, tried] of cases) {
      const response = await logIn(socialLoginBody(method, token, COOP))
      assert.equal(response.statusCode, 400)
      assert.deepEqual(
        response.json(),
        ampnetBody(
          '0201',
          'Invalid login method',
          `User registered using: ${registered} but trying to login with: ${tried}`,
        ),
      )
    }
  })

  it('answers 400 0207 as for a password when nobody has the address in that coop', async () => {
    await socialUser('GOOGLE', 'elsewhere@gmail.com', COOP)
    for (const body of [
      socialLoginBody('GOOGLE', google.accessToken({ email: 'nobody@gmail.com' }), COOP),
      socialLoginBody('FACEBOOK', facebook.userToken({ email: 'nobody@smith.com' })),
      socialLoginBody('GOOGLE', google.accessToken({ email: 'elsewhere@gmail.com' }), 'other-coop'),
    ]) {
      const response = await logIn(body)
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), INVALID_LOGIN)
    }
  })

  it('answers 0207 to a password login of a social user, who has no password', async () => {
    await socialUser('GOOGLE', 'nopassword@gmail.com', COOP)
    const response = await logIn({
      coop: COOP,
      login_method: 'EMAIL',
      credentials: { email: 'nopassword@gmail.com', password: '' },
    })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), INVALID_LOGIN)
  })

  it('answers 400 0101 without a token, and 502 0106 when the provider refuses it', async () => {
    const missing = await logIn({ coop: COOP, login_method: 'GOOGLE', credentials: { email: 'a@b.com' } })
    assert.equal(missing.statusCode, 400)
    assert.deepEqual(
      missing.json(),
      ampnetBody(
        '0101',
        'Invalid signup data',
        'Some fields missing or could not be parsed from JSON request.',
      ),
    )
    const google401 = await logIn(socialLoginBody('GOOGLE', 'ya29.revoked', COOP))
    assert.equal(google401.statusCode, 502)
    assert.deepEqual(
      google401.json(),
      ampnetBody('0106', 'Social exception', 'Cannot fetch data from Google'),
    )
    const facebook400 = await logIn(socialLoginBody('FACEBOOK', 'EAArevoked', COOP))
    assert.equal(facebook400.statusCode, 502)
    assert.deepEqual(
      facebook400.json(),
      ampnetBody('0106', 'Social exception', 'Not authorized to get data from Facebook'),
    )
  })

  it('refuses password changes and resets to a Google user with 0201', async () => {
    await socialUser('GOOGLE', 'nochange@gmail.com', COOP)
    const login = await logIn(
      socialLoginBody('GOOGLE', google.accessToken({ email: 'nochange@gmail.com' }), COOP),
    )
    const expected = ampnetBody('0201', 'Invalid login method', 'Cannot change password')
    const change = await app.inject({
      method: 'POST',
      url: '/me/password',
      headers: bearer(login.json().access_token),
      payload: { old_password: 'anything1', new_password: 'whatever1' },
    })
    assert.equal(change.statusCode, 400)
    assert.deepEqual(change.json(), expected)
    const forgot = await app.inject({
      method: 'POST',
      url: '/forgot-password/token',
      payload: { email: 'nochange@gmail.com', coop: COOP },
    })
    assert.equal(forgot.statusCode, 400)
    assert.deepEqual(forgot.json(), expected)
    // Other tests of this suite send mails to the same sink, at their own pace: look at this user's.
    const queued = await app.database.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('recipient', '=', 'nochange@gmail.com')
      .execute()
    assert.deepEqual(queued, [])
    assert.equal(sink.mails.filter((mail) => mail.to === 'nochange@gmail.com').length, 0)
  })
})
