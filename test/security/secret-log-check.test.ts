import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import { leakingLines, recordSecret, recordSecretFields } from '../support/secret-log-check.ts'
import { createTestApp } from '../support/test-app.ts'

// The check behind every test app's close (test-app.ts) and every child process (latchkey-process.ts).

it('flags a line holding a recorded secret or a JWT, and passes innocent ones', () => {
  recordSecret('Bearer a-recorded-api-key-0123')
  recordSecretFields({ user_info: { password: 'nested-Secret-99', email: 'innocent@example.com' } })
  recordSecretFields({ PasswordExpiration: '2026-01-01T00:00:00', token_type: 'bearer', password: 'short' })
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMzQifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'
  const lines = [
    '{"level":30,"msg":"request completed","url":"/users/me?token=[Redacted]"}',
    '{"level":30,"msg":"login","body":{"password":"nested-Secret-99"}}',
    `{"level":30,"msg":"got ${jwt}"}`,
    '{"level":20,"key":"a-recorded-api-key-0123"}',
    '{"level":30,"email":"innocent@example.com","expires":"2026-01-01T00:00:00"}',
  ]
  assert.deepEqual(leakingLines(lines), [lines[1], lines[2], lines[3]])
})

forEachDatabase('no secrets in the test app’s log', (dialect) => {
  it('captures the verbose request log of a test app', async () => {
    const app = await createTestApp({ dialect })
    await app.inject({ method: 'GET', url: '/health' })
    assert.ok(app.logLines.some((line) => line.includes('"url":"/health"')))
    await app.close()
  })

  it('fails the closing of an app whose log gave away a password or a token it handled', async () => {
    const app = await createTestApp({ dialect })
    await createAccount(app, { email: 'leaky@example.com', username: 'leaky' })
    const login = await app.inject({
      method: 'POST',
      url: '/user/login',
      payload: { username: 'leaky', password: DEFAULT_PASSWORD },
    })
    assert.equal(login.statusCode, 200)
    // Not under a redacted path (body.password is one): a careless handler's own message.
    app.server.log.info(`checked the password ${DEFAULT_PASSWORD}`)
    await assert.rejects(app.close(), /the test app logged 1 line\(s\) with a secret/)
  })

  it('fails on a leaked access token even when it never passed through a hook', async () => {
    const app = await createTestApp({ dialect })
    const user = await createAccount(app, { email: 'leaky-token@example.com' })
    const { accessToken } = await app.core.identity.auth.openSession(user, {
      surface: 'test',
      accessTtlSeconds: 60,
      refreshTtlSeconds: undefined,
    })
    app.server.log.warn({ header: accessToken }, 'a careless debug line')
    await assert.rejects(app.close(), /logged 1 line/)
  })
})
