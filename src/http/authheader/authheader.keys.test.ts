import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { authheaderClient } from '../../../test/support/authheader-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const UNAUTHORIZED = { message: 'Unauthorized' }

surfaceSuite('authheader API keys', ({ app }) => {
  const { signedIn, add, list, secureWithKey } = authheaderClient(() => app)
  const remove = (jwt: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url: '/authheader/delete',
      headers: { authorization: jwt },
      payload: body as object,
    })

  describe('POST /authheader/add', () => {
    it('answers 200 {id, name, token, created} with an lk_ key of 256 random bits', async () => {
      const jwt = await signedIn()
      const response = await add(jwt, { name: 'production-api-key' })
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(Object.keys(body), ['id', 'name', 'token', 'created'])
      assert.equal(body.name, 'production-api-key')
      assert.match(body.token, /^lk_[A-Za-z0-9_-]{43}$/)
      assert.equal(body.created, app.clock.now().toISOString().slice(0, 19))
      assert.notEqual((await add(jwt, { name: 'production-api-key' })).json().token, body.token)
    })

    it('takes names of 1 to 128 characters and answers 400 otherwise', async () => {
      const jwt = await signedIn()
      assert.equal((await add(jwt, { name: 'é'.repeat(128) })).statusCode, 200)
      assert.equal((await add(jwt, { name: 'x' })).statusCode, 200)
      const cases: [unknown, string][] = [
        [{ name: 'x'.repeat(129) }, 'name is too long (maximum is 128 characters)'],
        [{ name: '' }, 'name is required'],
        [{ name: '   ' }, 'name must not be blank'],
        [{}, 'name is required'],
        [{ name: 12 }, 'name must be a string'],
        [{ name: ['a'] }, 'name must be a string'],
      ]
      for (const [body, message] of cases) {
        const response = await add(jwt, body)
        assert.equal(response.statusCode, 400, JSON.stringify(body))
        assert.deepEqual(response.json(), { message })
      }
    })

    it('needs a JWT: an API key, a missing or a bad credential get 401', async () => {
      const jwt = await signedIn()
      const key = (await add(jwt, { name: 'k' })).json().token
      for (const headers of [
        { 'x-authorization': key },
        {},
        { authorization: 'Bearer nonsense' },
        { authorization: key },
      ]) {
        const response = await add(jwt, { name: 'k2' }, headers)
        assert.equal(response.statusCode, 401, JSON.stringify(headers))
        assert.deepEqual(response.json(), UNAUTHORIZED)
      }
    })
  })

  describe('GET /authheader/list', () => {
    it("lists the caller's keys with their values, oldest first, and nobody else's", async () => {
      const jwt = await signedIn()
      const first = (await add(jwt, { name: 'first' })).json()
      app.clock.advance(1)
      const second = (await add(jwt, { name: 'second' })).json()
      await add(await signedIn(), { name: 'someone else' })
      const response = await list({ authorization: `Bearer ${jwt}` })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), [first, second])
      assert.deepEqual((await list({ authorization: await signedIn() })).json(), [])
    })

    it('needs a JWT: an API key gets 401', async () => {
      const key = (await add(await signedIn(), { name: 'k' })).json().token
      const response = await list({ 'x-authorization': key })
      assert.equal(response.statusCode, 401)
      assert.deepEqual(response.json(), UNAUTHORIZED)
    })
  })

  describe('POST /authheader/delete', () => {
    it('revokes the key at once: the very next request with it gets 401', async () => {
      const jwt = await signedIn()
      const key = (await add(jwt, { name: 'doomed' })).json().token
      assert.equal((await secureWithKey(key)).statusCode, 200)
      const response = await remove(jwt, { text: key })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { message: 'Success' })
      const after = await secureWithKey(key)
      assert.equal(after.statusCode, 401)
      assert.deepEqual(after.json(), UNAUTHORIZED)
      assert.deepEqual((await list({ authorization: jwt })).json(), [])
    })

    it("answers 404 Not found for a value that is not one of the caller's keys, deleting nothing", async () => {
      const owner = await signedIn()
      const key = (await add(owner, { name: 'mine' })).json().token
      const intruder = await signedIn()
      for (const text of [key, 'garbage', `lk_${'A'.repeat(43)}`, owner]) {
        const response = await remove(intruder, { text })
        assert.equal(response.statusCode, 404)
        assert.deepEqual(response.json(), { message: 'Not found' })
      }
      assert.equal((await secureWithKey(key)).statusCode, 200)
      const again = await remove(owner, { text: key })
      assert.equal(again.statusCode, 200)
      assert.equal((await remove(owner, { text: key })).statusCode, 404)
    })

    it('answers 400 for a missing or non-string text, and 401 without a JWT', async () => {
      const jwt = await signedIn()
      const missing = await remove(jwt, {})
      assert.equal(missing.statusCode, 400)
      assert.deepEqual(missing.json(), { message: 'text is required' })
      const number = await remove(jwt, { text: 5 })
      assert.deepEqual([number.statusCode, number.json()], [400, { message: 'text must be a string' }])
      const key = (await add(jwt, { name: 'k' })).json().token
      const withKey = await app.inject({
        method: 'POST',
        url: '/authheader/delete',
        headers: { 'x-authorization': key },
        payload: { text: key },
      })
      assert.deepEqual([withKey.statusCode, withKey.json()], [401, UNAUTHORIZED])
    })
  })
})
