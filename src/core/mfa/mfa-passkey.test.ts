import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createSoftAuthenticator } from '../../../test/support/soft-authenticator.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { isAppError } from '../errors.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

forEachDatabase('a passkey as a second factor', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())

  it('counts a passkey as MFA for the coop policy, and passes the second step with it', async () => {
    const tenantId = app.core.tenants.defaultTenant().id
    const user = await createAccount(app, { email: 'passkey-factor@example.com' })
    await app.core.mfa.setPolicy(tenantId, { policy: 'required' })
    assert.equal(await app.core.mfa.secondStepFor(user), 'enrol', 'no factor yet')
    assert.equal(await app.core.mfa.refusesPasswordAlone(user), false)

    const authenticator = createSoftAuthenticator('http://latchkey.test')
    const options = await app.core.passkeys.registrationOptions(user)
    await app.core.passkeys.register(user, { response: authenticator.create(options), name: 'Key' }, 'pages')
    assert.equal(await app.core.mfa.secondStepFor(user), 'verify', 'the passkey is the factor')
    assert.equal(await app.core.mfa.refusesPasswordAlone(user), true)
    assert.equal((await app.core.mfa.status(user.id)).enabled, false, 'TOTP itself is still off')

    const request = await app.core.passkeys.authenticationOptions({ tenantId, userId: user.id })
    assert.equal(await app.core.mfa.verify(client, user, authenticator.get(request), 'oidc'), 'passkey')
    await assert.rejects(
      app.core.mfa.verify(client, user, authenticator.get(request), 'oidc'),
      (error) => isAppError(error) && error.code === 'invalid_mfa_code',
      'its challenge served once',
    )

    await app.core.mfa.setPolicy(tenantId, { policy: 'off' })
    assert.equal(await app.core.mfa.secondStepFor(user), 'none')
    await app.core.mfa.setPolicy(tenantId, { policy: 'optional' })
  })

  it('takes the passkeys away with the other factors when an administrator resets a lost device', async () => {
    const user = await createAccount(app, { email: 'passkey-reset@example.com' })
    const authenticator = createSoftAuthenticator('http://latchkey.test')
    const options = await app.core.passkeys.registrationOptions(user)
    await app.core.passkeys.register(
      user,
      { response: authenticator.create(options), name: 'Phone' },
      'pages',
    )
    assert.equal(await app.core.mfa.secondStepFor(user), 'verify')

    assert.equal(await app.core.mfa.reset(user), true)
    assert.equal(await app.core.passkeys.hasAny(user.id), false)
    assert.equal(await app.core.mfa.secondStepFor(user), 'none', 'nothing left to ask for')
    assert.equal(await app.core.mfa.reset(user), false, 'a second reset finds nothing')
  })
})
