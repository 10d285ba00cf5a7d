import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type CliWorld, createCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import { totpCode } from '../../test/support/mfa.ts'
import type { App } from '../app.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

forEachDatabase('latchkey coops set-mfa and users reset-mfa', (dialect) => {
  let world: CliWorld
  let app: App
  before(async () => {
    world = await createCliWorld(dialect)
    app = await world.startApp()
  })
  after(() => world.close())

  it('prints the default policy, then sets the policy and the legacy switch', async () => {
    assert.deepEqual(await world.run(['coops', 'set-mfa', 'ampnet']), {
      code: 0,
      stdout: 'coop ampnet: MFA optional; password-only legacy sign-in of MFA users refused\n',
      stderr: '',
    })
    const set = await world.run(['coops', 'set-mfa', 'ampnet', 'required', '--legacy-password', 'allowed'])
    assert.equal(set.stdout, 'coop ampnet: MFA required; password-only legacy sign-in of MFA users allowed\n')
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    assert.deepEqual(await app.core.identity.mfa.policyOf(tenantId), {
      policy: 'required',
      legacyPasswordAllowed: true,
    })
    const back = await world.run(['coops', 'set-mfa', 'ampnet', 'optional', '--legacy-password', 'refused'])
    assert.equal(back.code, 0)
    assert.deepEqual(await app.core.identity.mfa.policyOf(tenantId), {
      policy: 'optional',
      legacyPasswordAllowed: false,
    })
  })

  it('refuses an unknown policy, a bad switch and an unknown coop', async () => {
    const policy = await world.run(['coops', 'set-mfa', 'ampnet', 'always'])
    assert.equal(policy.code, 2)
    assert.match(policy.stderr, /<policy> must be one of off, optional, required_for_admins, required/)
    const legacy = await world.run(['coops', 'set-mfa', 'ampnet', '--legacy-password', 'yes'])
    assert.equal(legacy.code, 2)
    assert.match(legacy.stderr, /--legacy-password must be allowed or refused/)
    const coop = await world.run(['coops', 'set-mfa', 'nowhere', 'off'])
    assert.equal(coop.code, 1)
    assert.match(coop.stderr, /no such coop/)
  })

  it('resets a user’s second factors, and says so when there were none', async () => {
    const user = await app.core.identity.auth.createAccount({
      tenantId: app.core.tenants.tenants.defaultTenant().id,
      email: 'lost.phone@example.com',
      password: 'Password1',
      displayName: 'Lost Phone',
      givenName: 'Lost',
      familyName: 'Phone',
      passwordRule: { check: () => undefined },
    })
    const { secret } = await app.core.identity.mfa.startTotp(user)
    await app.core.identity.mfa.confirmTotp(client, user, totpCode(secret, app.core.clock.now()), 'test')
    assert.equal(await app.core.identity.mfa.isEnabled(user.id), true)
    assert.deepEqual(await world.run(['users', 'reset-mfa', 'lost.phone@example.com']), {
      code: 0,
      stdout: 'reset MFA of lost.phone@example.com\n',
      stderr: '',
    })
    assert.equal(await app.core.identity.mfa.isEnabled(user.id), false)
    const again = await world.run(['users', 'reset-mfa', 'lost.phone@example.com'])
    assert.equal(again.stdout, 'lost.phone@example.com had no MFA\n')
  })
})
