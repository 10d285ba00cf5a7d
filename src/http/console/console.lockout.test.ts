import assert from 'node:assert/strict'
import { it } from 'node:test'
import { abuseEnv } from '../../../test/support/abuse.ts'
import { addUser } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn } from '../../../test/support/console-client.ts'
import { headingOf } from '../../../test/support/pages-client.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

it('locks the console sign-in of an account after the APIs’ threshold of failures, even with the right password', async () => {
  const app = await createTestApp({ env: abuseEnv('memory', { LOCKOUT_THRESHOLD: '2' }) })
  try {
    await addUser(app, app.core.tenants.tenants.defaultTenant().id, 'admin@example.com', 'ADMIN')
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { response } = await consoleSignIn(app, 'admin@example.com', 'wrong-password')
      assert.equal(response.statusCode, 400)
    }
    const { response } = await consoleSignIn(app, 'admin@example.com')
    assert.equal(response.statusCode, 429)
    assert.match(String(response.headers['retry-after']), /^[1-9]\d*$/)
    assert.equal(headingOf(response.body), 'Too many attempts')
    assert.equal(
      [response.headers['set-cookie'] ?? []].flat().some((line) => line.startsWith('lk_console=')),
      false,
    )
  } finally {
    await app.close()
  }
})
