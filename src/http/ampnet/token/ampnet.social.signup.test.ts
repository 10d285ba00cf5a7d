import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ampnetBody, COOP } from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { GOOGLE_CLIENT_ID } from '../../../../test/support/google-fake.ts'
import { socialSignUpBody, useSocialApp } from '../../../../test/support/social-env.ts'

const MISSING_FIELDS = 'Some fields missing or could not be parsed from JSON request.'

// Social sign-up against local Google and Facebook.
forEachDatabase('AMPnet social sign-up', (dialect) => {
  const { app, sink, google, facebook } = useSocialApp(dialect)

  const signUp = (body: object) => app.inject({ method: 'POST', url: '/signup', payload: body })
  const userBody = (uuid: unknown, email: string, firstName: string | null, lastName: string | null) => ({
    uuid,
    email,
    first_name: firstName,
    last_name: lastName,
    role: 'USER',
    enabled: true,
    verified: false,
    coop: COOP,
    language: null,
  })
  const storedUser = (email: string) =>
    app.database.db
      .selectFrom('users')
      .select(['auth_method', 'password_hash', 'enabled'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()

  it('signs up with a Google access token: enabled, no password, no mail', async () => {
    const token = google.accessToken({ email: 'johnsmith@gmail.com', verified_email: true })
    const response = await signUp(socialSignUpBody('GOOGLE', token, COOP))
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), userBody(response.json().uuid, 'johnsmith@gmail.com', null, null))
    assert.equal(google.authorizations.at(-1), `Bearer ${token}`)
    assert.deepEqual(
      { ...(await storedUser('johnsmith@gmail.com')) },
      {
        auth_method: 'GOOGLE',
        password_hash: null,
        enabled: 1,
      },
    )
    assert.equal(sink.mails.length, 0)
  })

  it('takes the names Google shares', async () => {
    const token = google.accessToken({ email: 'named@gmail.com', given_name: 'First', family_name: 'Last' })
    const response = await signUp(socialSignUpBody('GOOGLE', token, COOP))
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), userBody(response.json().uuid, 'named@gmail.com', 'First', 'Last'))
  })

  it('signs up with a Google ID token, into the default coop when none is named', async () => {
    // ID tokens count only for a coop that names its Google client.
    await app.core.tenants.coops.update(app.core.tenants.tenants.defaultTenant().id, {
      config: { googleClientId: GOOGLE_CLIENT_ID },
    })
    const token = await google.idToken({
      email: 'idtoken@gmail.com',
      verified_email: true,
      given_name: 'Ida',
    })
    const response = await signUp(socialSignUpBody('GOOGLE', token))
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), userBody(response.json().uuid, 'idtoken@gmail.com', 'Ida', null))
  })

  it('signs up with a Facebook token, with the names Facebook shares', async () => {
    const token = facebook.userToken({ email: 'fb@smith.com', first_name: 'Face', last_name: 'Book' })
    const response = await signUp(socialSignUpBody('FACEBOOK', token, COOP))
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), userBody(response.json().uuid, 'fb@smith.com', 'Face', 'Book'))
    assert.equal((await storedUser('fb@smith.com')).auth_method, 'FACEBOOK')
    assert.match(facebook.calls.at(-1) ?? '', /^\/v21\.0\/me\?fields=id%2Cemail%2Cfirst_name%2Clast_name$/)
  })

  it('answers 400 0101 without a token', async () => {
    for (const method of ['GOOGLE', 'FACEBOOK']) {
      const response = await signUp({ signup_method: method, user_info: { email: 'a@b.com' }, coop: COOP })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), ampnetBody('0101', 'Invalid signup data', MISSING_FIELDS))
    }
  })

  it('answers 400 0103 for an address already signed up, whichever way', async () => {
    const first = await signUp(
      socialSignUpBody('GOOGLE', google.accessToken({ email: 'twice@gmail.com' }), COOP),
    )
    assert.equal(first.statusCode, 200)
    for (const body of [
      socialSignUpBody('GOOGLE', google.accessToken({ email: 'twice@gmail.com' }), COOP),
      socialSignUpBody('FACEBOOK', facebook.userToken({ email: 'TWICE@gmail.com' }), COOP),
    ]) {
      const response = await signUp(body)
      assert.equal(response.statusCode, 400)
      const email = body.signup_method === 'GOOGLE' ? 'twice@gmail.com' : 'TWICE@gmail.com'
      assert.deepEqual(
        response.json(),
        ampnetBody(
          '0103',
          'Email already used',
          `Trying to create user with email that already exists: ${email} in coop: ${COOP}`,
        ),
      )
    }
  })

  it('answers 1001 for an unknown coop and 0112 for a closed one, after asking the provider', async () => {
    const unknown = await signUp(
      socialSignUpBody('GOOGLE', google.accessToken({ email: 'u@gmail.com' }), 'nope'),
    )
    assert.equal(unknown.statusCode, 400)
    assert.deepEqual(unknown.json(), ampnetBody('1001', 'Missing coop', 'Missing coop with identifier: nope'))
    const { tenant } = await app.core.tenants.coops.create({ identifier: 'closed', name: 'closed' })
    await app.core.tenants.coops.update(tenant.id, { disableSignUp: true })
    const closed = await signUp(
      socialSignUpBody('FACEBOOK', facebook.userToken({ email: 'c@smith.com' }), 'closed'),
    )
    assert.equal(closed.statusCode, 400)
    assert.deepEqual(
      closed.json(),
      ampnetBody('0112', 'Signup for coop is disabled', 'Signup is disabled for coop: closed'),
    )
    const refused = await signUp(socialSignUpBody('GOOGLE', 'ya29.unknown', 'nope'))
    assert.equal(refused.statusCode, 502)
  })

  it('answers 400 0808 when the provider shares an address that is no address', async () => {
    const response = await signUp(
      socialSignUpBody('GOOGLE', google.accessToken({ email: 'not-an-address' }), COOP),
    )
    assert.equal(response.statusCode, 400)
    assert.deepEqual(
      response.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'email Invalid email format. ', {
        email: 'Invalid email format',
      }),
    )
  })
})

forEachDatabase('AMPnet social sign-up, first-admin rule', (dialect) => {
  const { app, google, facebook } = useSocialApp(dialect, { AMPNET_FIRST_ADMIN: 'true' })

  it('makes the first social sign-up of a coop its ADMIN, and the next a USER', async () => {
    await app.core.tenants.coops.create({ identifier: 'social-coop', name: 'Social' }, {}, true)
    for (const [email, role] of [
      ['first@gmail.com', 'ADMIN'],
      ['second@gmail.com', 'USER'],
    ] as const) {
      const body = socialSignUpBody('FACEBOOK', facebook.userToken({ email }), 'social-coop')
      const response = await app.inject({ method: 'POST', url: '/signup', payload: body })
      assert.equal(response.statusCode, 200, response.body)
      assert.equal(response.json().role, role)
    }
  })

  it('keeps the first social sign-up of the default coop a USER: its ADMIN comes from the operator', async () => {
    const body = socialSignUpBody('GOOGLE', google.accessToken({ email: 'early@gmail.com' }), COOP)
    const response = await app.inject({ method: 'POST', url: '/signup', payload: body })
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json().role, 'USER')
  })
})
