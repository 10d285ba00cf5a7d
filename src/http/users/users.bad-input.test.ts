import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD, issueApiKey } from '../../../test/support/accounts.ts'
import { forgeriesOf } from '../../../test/support/forged-tokens.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

const fail = (message: string) => ({ success: false, message })

surfaceSuite('users bad input', ({ app }) => {
  const raw = (url: string, body: string | Buffer, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, body })

  it('answers 400 for malformed JSON and forbidden keys', async () => {
    for (const url of ['/users/login', '/users/register']) {
      for (const body of ['{"email":', '[1,', '{"constructor": {}}']) {
        const response = await raw(url, body)
        assert.deepEqual([response.statusCode, response.json()], [400, fail('Malformed JSON body.')], url)
      }
    }
  })

  it('answers 413 for a body over the limit and 415 for a body that is not JSON', async () => {
    const big = await raw(
      '/users/register',
      JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1_100_000) }),
    )
    assert.deepEqual([big.statusCode, big.json()], [413, fail('Request body is too large.')])
    const form = await raw('/users/login', 'email=a&password=b', 'application/x-www-form-urlencoded')
    assert.deepEqual([form.statusCode, form.json()], [415, fail('Content-Type must be application/json.')])
  })

  it('ignores unknown fields: roles sent at sign-up grant nothing', async () => {
    const response = await raw(
      '/users/register',
      JSON.stringify({ email: 'roles@example.com', password: 'Password1', roles: ['Admin'] }),
    )
    assert.equal(response.statusCode, 201)
    const login = await raw(
      '/users/login',
      JSON.stringify({ email: 'roles@example.com', password: 'Password1' }),
    )
    const me = await app.inject({ method: 'GET', url: `/users/me?token=${login.json().token}` })
    assert.deepEqual(me.json().roles, [])
  })

  it('refuses forged and tampered tokens with 401, from the query and from the header', async () => {
    await createAccount(app, { email: 'forged@example.com' })
    const login = await raw(
      '/users/login',
      JSON.stringify({ email: 'forged@example.com', password: DEFAULT_PASSWORD }),
    )
    for (const token of await forgeriesOf(login.json().token)) {
      for (const request of [
        { url: `/users/me?token=${encodeURIComponent(token)}`, headers: {} },
        { url: '/users/me', headers: { 'x-access-token': token } },
      ]) {
        const response = await app.inject({ method: 'GET', ...request })
        assert.deepEqual([response.statusCode, response.json()], [401, fail('Failed to authenticate token.')])
      }
    }
  })

  it('does not take an authheader API key as a token', async () => {
    const user = await createAccount(app, { email: 'key-holder@example.com' })
    const key = await issueApiKey(app, user)
    const response = await app.inject({
      method: 'GET',
      url: '/users/me',
      headers: { 'x-access-token': key.token },
    })
    assert.deepEqual([response.statusCode, response.json()], [401, fail('Failed to authenticate token.')])
  })
})
