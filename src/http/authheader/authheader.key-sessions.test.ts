import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { authheaderClient } from '../../../test/support/authheader-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const UNAUTHORIZED = { message: 'Unauthorized' }

// A key must not mint a session stronger than itself (one that manages keys,
// outlives the key, or survives the owner's password change). The session routes are JWT only.
surfaceSuite('authheader: an API key mints no session', ({ app }) => {
  const { signedIn, add, list, secureWithKey, lastUsername } = authheaderClient(() => app)
  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })

  describe('GET /user/token, /user/renew and /user/logout with only X-Authorization', () => {
    for (const url of ['/user/token?d=365', '/user/token?m=5', '/user/renew', '/user/logout']) {
      it(`refuses ${url} with 401 and opens no session`, async () => {
        const key = (await add(await signedIn(), { name: 'k' })).json().token
        const open = await app.core.sessions.sessions.countOpen()
        const response = await get(url, { 'x-authorization': key })
        assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED])
        assert.equal(await app.core.sessions.sessions.countOpen(), open, 'no session was opened')
        // The refusal is about the route, not the key: the key itself still works.
        const secure = await secureWithKey(key)
        assert.deepEqual([secure.statusCode, secure.json()], [200, { message: `Hi ${lastUsername()}` }])
      })
    }
  })

  it('still serves a JWT sent along with a key: the JWT decides, as before', async () => {
    const jwt = await signedIn()
    const key = (await add(jwt, { name: 'k' })).json().token
    const renewed = await get('/user/renew', { authorization: `Bearer ${jwt}`, 'x-authorization': key })
    assert.equal(renewed.statusCode, 200)
    const reissued = await get('/user/token?d=1', {
      authorization: `Bearer ${renewed.json().Token}`,
      'x-authorization': key,
    })
    assert.equal(reissued.statusCode, 200)
    assert.equal((await list({ authorization: `Bearer ${reissued.json().Token}` })).statusCode, 200)
  })

  it('gives a key holder nothing that manages keys or outlives the key', async () => {
    const jwt = await signedIn()
    const key = (await add(jwt, { name: 'leaked' })).json().token
    // What the black-box attack did: trade the key for a year-long JWT, then manage keys with it.
    const minted = await get('/user/token?d=365', { 'x-authorization': key })
    assert.equal(minted.statusCode, 401)
    assert.equal(minted.json().Token, undefined)
    // Revoking the key leaves the holder with nothing.
    const revoke = await app.inject({
      method: 'POST',
      url: '/authheader/delete',
      headers: { authorization: `Bearer ${jwt}` },
      payload: { text: key },
    })
    assert.equal(revoke.statusCode, 200)
    for (const url of ['/test/secure', '/user/renew', '/user/token?d=365']) {
      const response = await get(url, { 'x-authorization': key })
      assert.deepEqual([response.statusCode, response.json()], [401, UNAUTHORIZED], url)
    }
  })
})
