import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { createSoftAuthenticator } from '../../../test/support/soft-authenticator.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

coreSuite('a passkey as a second factor', (world) => {
  it('counts a passkey as MFA for the coop policy, and passes the second step with it', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const user = await createAccount(world, { email: 'passkey-factor@example.com' })
    await world.core.identity.mfa.setPolicy(tenantId, { policy: 'required' })
    assert.equal(await world.core.identity.mfa.secondStepFor(user), 'enrol', 'no factor yet')
    assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), false)

    const authenticator = createSoftAuthenticator('http://latchkey.test')
    const options = await world.core.identity.passkeys.registrationOptions(user)
    await world.core.identity.passkeys.register(
      user,
      { response: authenticator.create(options), name: 'Key' },
      'pages',
    )
    assert.equal(await world.core.identity.mfa.secondStepFor(user), 'verify', 'the passkey is the factor')
    assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), true)
    assert.equal((await world.core.identity.mfa.status(user.id)).enabled, false, 'TOTP itself is still off')

    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId, userId: user.id })
    assert.equal(
      await world.core.identity.mfa.verify(client, user, authenticator.get(request), 'oidc'),
      'passkey',
    )
    await assert.rejects(
      world.core.identity.mfa.verify(client, user, authenticator.get(request), 'oidc'),
      (error) => isAppError(error) && error.code === 'invalid_mfa_code',
      'its challenge served once',
    )

    await world.core.identity.mfa.setPolicy(tenantId, { policy: 'off' })
    assert.equal(await world.core.identity.mfa.secondStepFor(user), 'none')
    await world.core.identity.mfa.setPolicy(tenantId, { policy: 'optional' })
  })

  it('takes the passkeys away with the other factors when an administrator resets a lost device', async () => {
    const user = await createAccount(world, { email: 'passkey-reset@example.com' })
    const authenticator = createSoftAuthenticator('http://latchkey.test')
    const options = await world.core.identity.passkeys.registrationOptions(user)
    await world.core.identity.passkeys.register(
      user,
      { response: authenticator.create(options), name: 'Phone' },
      'pages',
    )
    assert.equal(await world.core.identity.mfa.secondStepFor(user), 'verify')

    assert.equal(await world.core.identity.mfa.reset(user), true)
    assert.equal(await world.core.identity.passkeys.hasAny(user.id), false)
    assert.equal(await world.core.identity.mfa.secondStepFor(user), 'none', 'nothing left to ask for')
    assert.equal(await world.core.identity.mfa.reset(user), false, 'a second reset finds nothing')
  })
})
