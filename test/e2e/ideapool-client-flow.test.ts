import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { surfaceSuite } from '../support/suite.ts'

// A client as Idea Pool front ends behave: real socket, JSON, X-Access-Token, refresh on 401.
surfaceSuite('ideapool client flow over a socket', ({ app }) => {
  let base: string
  before(async () => {
    base = await app.server.listen({ port: 0, host: '127.0.0.1' })
  })

  async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (options.token) headers['x-access-token'] = options.token
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
  }

  it('signs up, logs in, manages ideas, refreshes after expiry and logs out', async () => {
    const credentials = { email: 'flow@example.com', password: 'the-Secret-123' }
    const signup = await call('POST', '/users', { body: { ...credentials, name: 'Flow User' } })
    assert.equal(signup.status, 201)

    const login = await call('POST', '/access-tokens', { body: credentials })
    assert.equal(login.status, 201)
    let jwt: string = login.body.jwt
    const refreshToken: string = login.body.refresh_token

    const created = []
    for (const [content, impact] of [
      ['first', 3],
      ['second', 9],
      ['third', 6],
    ] as const) {
      const response = await call('POST', '/ideas', {
        token: jwt,
        body: { content, impact, ease: 5, confidence: 5 },
      })
      assert.equal(response.status, 201)
      created.push(response.body)
    }

    const page = await call('GET', '/ideas?page=1', { token: jwt })
    assert.equal(page.status, 200)
    assert.deepEqual(
      page.body.map((idea: { content: string }) => idea.content),
      ['second', 'third', 'first'],
    )
    assert.deepEqual((await call('GET', '/ideas?page=2', { token: jwt })).body, [])

    const updated = await call('PUT', `/ideas/${created[0].id}`, {
      token: jwt,
      body: { content: 'first, better', impact: 10, ease: 10, confidence: 10 },
    })
    assert.equal(updated.status, 200)
    assert.equal(updated.body.average_score, 10)
    assert.equal((await call('DELETE', `/ideas/${created[1].id}`, { token: jwt })).status, 204)
    const after = await call('GET', '/ideas', { token: jwt })
    assert.deepEqual(
      after.body.map((idea: { content: string }) => idea.content),
      ['first, better', 'third'],
    )

    app.clock.advance(601)
    const expired = await call('GET', '/me', { token: jwt })
    assert.deepEqual(expired, { status: 401, body: { reason: 'you can not pass!' } })
    const refreshed = await call('POST', '/access-tokens/refresh', { body: { refresh_token: refreshToken } })
    assert.equal(refreshed.status, 200)
    jwt = refreshed.body.jwt
    const me = await call('GET', '/me', { token: jwt })
    assert.equal(me.status, 200)
    assert.equal(me.body.email, 'flow@example.com')

    assert.equal(
      (await call('DELETE', '/access-tokens', { token: jwt, body: { refresh_token: refreshToken } })).status,
      204,
    )
    const again = await call('POST', '/access-tokens/refresh', { body: { refresh_token: refreshToken } })
    assert.deepEqual(again, { status: 401, body: { reason: 'you can not pass!' } })
    assert.equal((await call('GET', '/me', { token: jwt })).status, 401)
  })
})
