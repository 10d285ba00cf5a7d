import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'
import type { Tenant } from '../tenant/tenant.ts'
import { googleClientIdOf } from './social-login.service.ts'

const withCode = (code: string) => (error: unknown) => isAppError(error) && error.code === code

describe('googleClientIdOf', () => {
  const coop = (config: string | undefined) => ({ config }) as Tenant
  it('reads a non-blank string googleClientId from the coop config, and nothing else', () => {
    assert.equal(googleClientIdOf(coop('{"googleClientId":" id.apps "}')), 'id.apps')
    for (const config of [
      undefined,
      'not json',
      '[]',
      '{"googleClientId":42}',
      '{"googleClientId":" "}',
      '{}',
    ]) {
      assert.equal(googleClientIdOf(coop(config)), undefined, config)
    }
    assert.equal(googleClientIdOf(undefined), undefined)
  })
})

coreSuite('social sign-in in the core', { env: { AMPNET_FIRST_ADMIN: 'false' } }, (world) => {
  const profile = { provider: 'GOOGLE', email: 'core@gmail.com', givenName: 'Co', familyName: 'Re' } as const
  const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: 600 }

  it('creates a passwordless, enabled, confirmed user that signs in through its provider only', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const user = await world.core.identity.socialLogin.createAccount(tenantId, profile)
    assert.deepEqual(
      [user.hasPassword, user.enabled, user.emailConfirmed, user.authMethod, user.displayName],
      [false, true, true, 'GOOGLE', 'Co Re'],
    )
    const signedIn = await world.core.identity.socialLogin.signInToNamedTenant(
      { tenant: undefined, profile },
      policy,
    )
    assert.equal(signedIn.user.id, user.id)
    await assert.rejects(
      world.core.identity.socialLogin.signInToNamedTenant(
        { tenant: undefined, profile: { ...profile, provider: 'FACEBOOK' } },
        policy,
      ),
      (error) =>
        isAppError(error) &&
        error.code === 'login_method_mismatch' &&
        error.details.reason === 'User registered using: GOOGLE but trying to login with: FACEBOOK',
    )
    await assert.rejects(
      world.core.identity.socialLogin.createAccount(tenantId, { ...profile, email: 'CORE@gmail.com' }),
      withCode('email_taken'),
    )
  })

  it('refuses a disabled user unless the policy admits them', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const disabled = { ...profile, email: 'disabled@gmail.com' }
    const user = await world.core.identity.socialLogin.createAccount(tenantId, disabled)
    await world.database.db.updateTable('users').set({ enabled: 0 }).where('id', '=', user.id).execute()
    const input = { tenant: undefined, profile: disabled }
    await assert.rejects(
      world.core.identity.socialLogin.signInToNamedTenant(input, policy),
      withCode('invalid_credentials'),
    )
    const admitted = await world.core.identity.socialLogin.signInToNamedTenant(input, {
      ...policy,
      admitsDisabledUsers: true,
    })
    assert.equal(admitted.user.id, user.id)
  })
})
