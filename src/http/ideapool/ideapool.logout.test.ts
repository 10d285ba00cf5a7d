import assert from 'node:assert/strict'
import { it } from 'node:test'
import { asUser, PASSWORD, signUp, type Tokens } from '../../../test/support/ideapool-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

surfaceSuite('ideapool logout', ({ app }) => {
  const logout = (tokens: Tokens | undefined, payload: object) =>
    app.inject({ method: 'DELETE', url: '/access-tokens', headers: tokens ? asUser(tokens) : {}, payload })
  const refresh = (tokens: Tokens) =>
    app.inject({
      method: 'POST',
      url: '/access-tokens/refresh',
      payload: { refresh_token: tokens.refresh_token },
    })
  const me = (tokens: Tokens) => app.inject({ method: 'GET', url: '/me', headers: asUser(tokens) })

  it('ends that session only: its refresh token and its access token stop at once, others go on', async () => {
    const first = await signUp(app, 'two-sessions@example.com')
    const login = await app.inject({
      method: 'POST',
      url: '/access-tokens',
      payload: { email: 'two-sessions@example.com', password: PASSWORD },
    })
    const second = login.json<Tokens>()

    const response = await logout(first, { refresh_token: first.refresh_token })
    assert.equal(response.statusCode, 204)
    assert.equal(response.body, '')

    assert.deepEqual((await refresh(first)).json(), { reason: 'you can not pass!' })
    assert.equal((await refresh(first)).statusCode, 401)
    assert.equal((await me(first)).statusCode, 401)
    assert.equal((await refresh(second)).statusCode, 200)
    assert.equal((await me(second)).statusCode, 200)
  })

  it('answers 204 for an unknown or another user’s refresh token and ends nothing', async () => {
    const mine = await signUp(app, 'mine@example.com')
    const theirs = await signUp(app, 'theirs@example.com')
    assert.equal((await logout(mine, { refresh_token: 'a'.repeat(100) })).statusCode, 204)
    assert.equal((await logout(mine, { refresh_token: theirs.refresh_token })).statusCode, 204)
    assert.equal((await refresh(theirs)).statusCode, 200)
    assert.equal((await me(theirs)).statusCode, 200)
  })

  it('needs an access token (401) and a refresh_token (400)', async () => {
    const tokens = await signUp(app, 'needs@example.com')
    const anonymous = await logout(undefined, { refresh_token: tokens.refresh_token })
    assert.equal(anonymous.statusCode, 401)
    assert.deepEqual(anonymous.json(), { reason: 'you can not pass!' })
    const missing = await logout(tokens, {})
    assert.equal(missing.statusCode, 400)
    assert.deepEqual(missing.json(), { reason: 'param is missing or the value is empty: refresh_token' })
    assert.equal((await refresh(tokens)).statusCode, 200)
  })
})
