import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { it } from 'node:test'
import { jwtPayload } from '../../../../test/support/accounts.ts'
import {
  ampnetBody,
  ampnetSuite,
  bearer,
  COOP,
  logIn,
  signUp,
  WITHOUT_CONFIRMATION,
} from '../../../../test/support/ampnet-client.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { type TestApp, withTestApp } from '../../../../test/support/test-app.ts'

ampnetSuite('ampnet profile', WITHOUT_CONFIRMATION, ({ app }) => {
  const me = (token: string) => app.inject({ method: 'GET', url: '/me', headers: bearer(token) })
  const update = (token: string, payload: object) =>
    app.inject({ method: 'PUT', url: '/me/update', headers: bearer(token), payload })

  it('shows the own profile and sets the language', async () => {
    const { uuid } = await signUp(app, 'test@test.com')
    const { access_token } = await logIn(app, 'test@test.com')
    const profile = {
      uuid,
      email: 'test@test.com',
      first_name: 'first',
      last_name: 'last',
      role: 'USER',
      enabled: true,
      verified: false,
      coop: COOP,
      language: null,
    }
    assert.deepEqual((await me(access_token)).json(), profile)
    const updated = await update(access_token, { language: 'en' })
    assert.equal(updated.statusCode, 200)
    assert.deepEqual(updated.json(), { ...profile, language: 'en' })
    assert.deepEqual((await me(access_token)).json(), { ...profile, language: 'en' })
  })

  it('answers 0808 to a language over 8 characters and a framework 400 to none', async () => {
    const { access_token } = await logIn(app, 'test@test.com')
    const long = await update(access_token, { language: 'ninechars' })
    assert.equal(long.statusCode, 400)
    assert.deepEqual(
      long.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'language size must be between 0 and 8. ', {
        language: 'size must be between 0 and 8',
      }),
    )
    const none = await update(access_token, {})
    assert.equal(none.statusCode, 400)
    assert.equal(none.json().status, 400)
  })

  it('answers an empty 404 to a genuine token whose user is gone, 0301 on /me/update', async () => {
    const stranger = await app.core.sessions.tokens.issue({
      userId: randomUUID(),
      tenantId: app.core.tenants.tenants.defaultTenant().id,
      sessionId: randomUUID(),
      ttlSeconds: 60,
    })
    const response = await me(stranger)
    assert.equal(response.statusCode, 404)
    assert.equal(response.body, '')
    assert.equal((await update(stranger, { language: 'en' })).json().err_code, '0301')
  })

  it('says verified in the token of a coop without KYC, while /me keeps the user’s own state', async () => {
    await app.database.db
      .updateTable('tenants')
      .set({ need_user_verification: 0 })
      .where('identifier', '=', COOP)
      .execute()
    try {
      const { access_token } = await logIn(app, 'test@test.com')
      assert.equal(JSON.parse(jwtPayload(access_token).user as string).verified, true)
      assert.equal((await me(access_token)).json().verified, false)
    } finally {
      await app.database.db
        .updateTable('tenants')
        .set({ need_user_verification: 1 })
        .where('identifier', '=', COOP)
        .execute()
    }
  })

  it('answers GET /me in the Idea Pool shape with X-Access-Token and in the AMPnet shape otherwise', async () => {
    const { access_token } = await logIn(app, 'test@test.com')
    const ideapool = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { 'x-access-token': access_token },
    })
    assert.equal(ideapool.statusCode, 200)
    assert.deepEqual(Object.keys(ideapool.json()).sort(), ['avatar_url', 'email', 'name'])
    assert.equal(ideapool.json().name, 'first last')
    assert.equal((await me(access_token)).json().email, 'test@test.com')
    const anonymous = await app.inject({ method: 'GET', url: '/me' })
    assert.equal(anonymous.json().err_code, '0206')
    const badIdeapool = await app.inject({
      method: 'GET',
      url: '/me',
      headers: { 'x-access-token': 'garbage' },
    })
    assert.deepEqual(badIdeapool.json(), { reason: 'you can not pass!' })
  })
})

forEachDatabase('ampnet GET /me beside the Idea Pool API', (dialect) => {
  const withApp = (env: Record<string, string>, test: (app: TestApp) => Promise<void>) =>
    withTestApp({ dialect, env }, test)

  it('leaves /me to Idea Pool when AMPnet is off, and to AMPnet when Idea Pool is off', async () => {
    await withApp({ AMPNET_ENABLED: 'false' }, async (app) => {
      const response = await app.inject({ method: 'GET', url: '/me' })
      assert.equal(response.statusCode, 401)
      assert.deepEqual(response.json(), { reason: 'you can not pass!' })
    })
    await withApp({ IDEAPOOL_ENABLED: 'false' }, async (app) => {
      const response = await app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': 'x' } })
      assert.equal(response.json().err_code, '0206')
    })
  })

  it('serves each /me at its own prefix', async () => {
    await withApp({ AMPNET_PREFIX: '/api/user' }, async (app) => {
      assert.equal((await app.inject({ method: 'GET', url: '/me' })).statusCode, 401)
      const ampnet = await app.inject({ method: 'GET', url: '/api/user/me' })
      assert.equal(ampnet.json().err_code, '0206')
      const signup = await app.inject({
        method: 'POST',
        url: '/api/user/signup',
        payload: {
          signup_method: 'EMAIL',
          user_info: { email: 'prefixed@a.com', password: 'abcdefgh' },
        },
      })
      assert.equal(signup.statusCode, 200)
    })
  })
})
