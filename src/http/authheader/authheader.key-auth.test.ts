import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { authheaderClient } from '../../../test/support/authheader-client.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { surfaceSuite, useTestApp } from '../../../test/support/suite.ts'

const UNAUTHORIZED = { message: 'Unauthorized' }

surfaceSuite('authheader API key as credential', ({ app }) => {
  const { signedIn, add, list, secureWithKey, lastUsername } = authheaderClient(() => app)

  describe('a key as credential', () => {
    it('authenticates as its owner on /test/secure, but mints no JWT on /user/renew or /user/token', async () => {
      const jwt = await signedIn()
      const key = (await add(jwt, { name: 'k' })).json().token
      const secure = await secureWithKey(key)
      assert.deepEqual([secure.statusCode, secure.json()], [200, { message: `Hi ${lastUsername()}` }])
      // A JWT minted from a key outlived the key and could manage keys; the session
      // routes are JWT only now (authheader.key-sessions.test.ts has the rest).
      for (const url of ['/user/renew', '/user/token?m=5']) {
        const response = await app.inject({ method: 'GET', url, headers: { 'x-authorization': key } })
        assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED], url)
      }
      // Neither refusal touches the key or the owner's session.
      assert.equal((await secureWithKey(key)).statusCode, 200)
      assert.equal((await list({ authorization: jwt })).statusCode, 200)
    })

    it('refuses with 401 a wrong secret behind a valid prefix, a JWT sent as a key and a key sent as a JWT', async () => {
      const jwt = await signedIn()
      const key: string = (await add(jwt, { name: 'k' })).json().token
      const flipped = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`
      for (const headers of [
        { 'x-authorization': flipped },
        { 'x-authorization': `lk_${'x'.repeat(43)}` },
        { 'x-authorization': 'lk_' },
        { 'x-authorization': jwt },
        { 'x-authorization': `Bearer ${key}` },
        { authorization: key },
        { authorization: `Bearer ${key}` },
      ]) {
        const response = await app.inject({ method: 'GET', url: '/test/secure', headers })
        assert.equal(response.statusCode, 401, JSON.stringify(headers))
        assert.deepEqual(response.json(), UNAUTHORIZED)
      }
    })

    it('never expires by default', async () => {
      const key = (await add(await signedIn(), { name: 'k' })).json().token
      app.clock.advance(5 * 365 * 86_400)
      assert.equal((await secureWithKey(key)).statusCode, 200)
    })
  })
})

forEachDatabase('authheader API keys with an expiry configured', (dialect) => {
  const { app } = useTestApp(dialect, { env: { AUTHHEADER_API_KEY_TTL_DAYS: '2' } })
  it('refuses a key with 401 once its configured lifetime has passed', async () => {
    await createAccount(app, { email: 'expiring-key@example.com' })
    const login = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username: 'expiring-key@example.com', password: DEFAULT_PASSWORD },
    })
    const jwt = login.json().Token
    const key = (
      await app.inject({
        method: 'POST',
        url: '/authheader/add',
        headers: { authorization: jwt },
        payload: { name: 'k' },
      })
    ).json().token
    const secure = () =>
      app.inject({ method: 'GET', url: '/test/secure', headers: { 'x-authorization': key } })
    app.clock.advance(2 * 86_400 - 1)
    assert.equal((await secure()).statusCode, 200)
    app.clock.advance(1)
    const expired = await secure()
    assert.deepEqual([expired.statusCode, expired.json()], [401, UNAUTHORIZED])
  })
})
