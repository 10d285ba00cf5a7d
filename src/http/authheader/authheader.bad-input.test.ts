import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forgeriesOf } from '../../../test/support/forged-tokens.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

surfaceSuite('authheader bad input', ({ app }) => {
  let jwt: string
  before(async () => {
    await createAccount(app, { email: 'bad@example.com', username: 'bad' })
    const login = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username: 'bad', password: DEFAULT_PASSWORD },
    })
    jwt = login.json().Token
  })

  const raw = (url: string, body: string | Buffer, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, headers: { authorization: jwt, 'content-type': contentType }, body })

  it('answers 400 {message} for malformed JSON and forbidden keys on every body endpoint', async () => {
    for (const url of ['/user/login', '/user/password', '/authheader/add', '/authheader/delete']) {
      for (const body of ['{"username":', 'nul', '{"__proto__": {"x": 1}}']) {
        const response = await raw(url, body)
        assert.deepEqual(
          [response.statusCode, response.json()],
          [400, { message: 'Malformed JSON body' }],
          url,
        )
      }
    }
  })

  it('answers 413 for a body over the limit and 415 for a body that is not JSON', async () => {
    const big = await raw('/authheader/add', JSON.stringify({ name: 'x'.repeat(1_100_000) }))
    assert.deepEqual([big.statusCode, big.json()], [413, { message: 'Request body is too large' }])
    const xml = await raw('/user/login', '<login/>', 'application/xml')
    assert.deepEqual(
      [xml.statusCode, xml.json()],
      [415, { message: 'Content-Type must be application/json' }],
    )
  })

  it('treats invalid UTF-8 as text: a name with U+FFFD, never a server error', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"k'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
    const response = await raw('/authheader/add', body)
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().name, 'k\uFFFD\uFFFD')
  })

  it('ignores unknown fields', async () => {
    const response = await raw(
      '/user/login',
      JSON.stringify({ username: 'bad', password: DEFAULT_PASSWORD, Admin: true }),
    )
    assert.equal(response.statusCode, 200)
  })

  it('refuses forged and tampered JWTs with 401, as Authorization and as X-Authorization', async () => {
    for (const token of await forgeriesOf(jwt)) {
      for (const headers of [
        { authorization: token },
        { authorization: `Bearer ${token}` },
        { 'x-authorization': token },
      ]) {
        const response = await app.inject({ method: 'GET', url: '/test/secure', headers })
        assert.deepEqual([response.statusCode, response.json()], [401, { message: 'Unauthorized' }])
      }
    }
  })

  it('lets the JWT decide when both Authorization and X-Authorization are sent', async () => {
    const key = (await raw('/authheader/add', JSON.stringify({ name: 'both' }))).json().token
    const bad = await app.inject({
      method: 'GET',
      url: '/test/secure',
      headers: { authorization: 'Bearer garbage', 'x-authorization': key },
    })
    assert.equal(bad.statusCode, 401)
    const good = await app.inject({
      method: 'GET',
      url: '/test/secure',
      headers: { authorization: jwt, 'x-authorization': 'garbage' },
    })
    assert.equal(good.statusCode, 200)
  })
})
