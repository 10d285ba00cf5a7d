import assert from 'node:assert/strict'
import { it } from 'node:test'
import { abuseEnv } from '../../../test/support/abuse.ts'
import { addUser } from '../../../test/support/ampnet-coops.ts'
import { consoleSignIn } from '../../../test/support/console-client.ts'
import { enrolTotp } from '../../../test/support/mfa.ts'
import { csrfOf, headingOf, postForm } from '../../../test/support/pages-client.ts'
import { createTestApp } from '../../../test/support/test-app.ts'

const ticketOf = (body: string) =>
  /name="mfa_ticket" value="([^"]+)"/.exec(body)?.[1] ?? assert.fail('a ticket')

it('counts wrong codes towards the lockout, and a correct password in between does not wipe them', async () => {
  const app = await createTestApp({ env: abuseEnv('memory', { LOCKOUT_THRESHOLD: '3' }) })
  try {
    const admin = await addUser(
      app,
      app.core.tenants.tenants.defaultTenant().id,
      'admin@example.com',
      'ADMIN',
    )
    await enrolTotp(app, admin)
    const wrongCode = async () => {
      const { session, response } = await consoleSignIn(app, 'admin@example.com')
      assert.equal(headingOf(response.body), 'Enter your security code')
      return postForm(app, session, '/console/sign-in', {
        _csrf: csrfOf(response.body),
        mfa_ticket: ticketOf(response.body),
        code: '000000',
      })
    }
    // Each round signs in with the right password, then guesses a code.
    assert.equal((await wrongCode()).statusCode, 400)
    assert.equal((await wrongCode()).statusCode, 400)
    assert.equal((await wrongCode()).statusCode, 400)
    const { session, response } = await consoleSignIn(app, 'admin@example.com')
    assert.equal(response.statusCode, 429)
    assert.equal(headingOf(response.body), 'Too many attempts')
    assert.equal(session.cookies.has('lk_console'), false)
  } finally {
    await app.close()
  }
})
