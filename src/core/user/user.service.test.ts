import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: undefined }
const withCode = (code: string) => (error: unknown) => isAppError(error) && error.code === code

coreSuite('usernames', (world) => {
  const signIn = (login: string, password = DEFAULT_PASSWORD) =>
    world.core.identity.auth.signInWithLogin(
      client,
      { tenantId: world.core.tenants.tenants.defaultTenant().id, login, password },
      policy,
    )

  it('keeps a username unique per tenant ignoring case, as typed (trimmed)', async () => {
    const first = await createAccount(world, { email: 'first@example.com' })
    const second = await createAccount(world, { email: 'second@example.com' })
    const named = await world.core.identity.users.setUsername(first.id, '  John.Doe ')
    assert.equal(named.username, 'John.Doe')
    assert.equal((await world.core.identity.users.get(first.id)).username, 'John.Doe')
    await assert.rejects(
      world.core.identity.users.setUsername(second.id, 'john.DOE'),
      withCode('username_taken'),
    )
    assert.equal((await world.core.identity.users.get(second.id)).username, undefined)
    // Its owner may change its case.
    assert.equal((await world.core.identity.users.setUsername(first.id, 'john.doe')).username, 'john.doe')
  })

  it('frees a username when it is cleared', async () => {
    const holder = await createAccount(world, { email: 'holder@example.com', username: 'taken-name' })
    const taker = await createAccount(world, { email: 'taker@example.com' })
    await world.core.identity.users.setUsername(holder.id, undefined)
    await assert.rejects(signIn('taken-name'), withCode('invalid_credentials'))
    await world.core.identity.users.setUsername(taker.id, 'TAKEN-name')
    assert.equal((await signIn('taken-name')).user.id, taker.id)
  })

  it('refuses usernames with @ (they could shadow an email), spaces, or over 64 characters', async () => {
    const user = await createAccount(world, { email: 'shape@example.com' })
    for (const username of ['other@example.com', 'two words', '', 'x'.repeat(65), '.leading-dot']) {
      await assert.rejects(
        world.core.identity.users.setUsername(user.id, username),
        withCode('validation_failed'),
        username,
      )
    }
    assert.equal(
      (await world.core.identity.users.setUsername(user.id, 'x'.repeat(64))).username,
      'x'.repeat(64),
    )
  })

  it('signs in by username first, else by email, ignoring case', async () => {
    const user = await createAccount(world, { email: 'Mixed@Example.com', username: 'Mixed_User' })
    assert.equal((await signIn('mixed_user')).user.id, user.id)
    assert.equal((await signIn('MIXED@example.com')).user.id, user.id)
    await assert.rejects(signIn('mixed_user', 'Wrong1234'), withCode('invalid_credentials'))
  })
})

coreSuite('tenant password policy', (world) => {
  it('stores passwordMaxAgeDays on the tenant and refuses values outside 0 to 3650', async () => {
    const tenant = world.core.tenants.tenants.defaultTenant()
    assert.equal(tenant.passwordMaxAgeDays, 0)
    await world.core.tenants.tenants.setPasswordMaxAgeDays(tenant.id, 90)
    assert.equal((await world.core.tenants.tenants.get(tenant.id)).passwordMaxAgeDays, 90)
    assert.equal(world.core.tenants.tenants.defaultTenant().passwordMaxAgeDays, 90)
    for (const days of [-1, 1.5, 3651, Number.NaN]) {
      await assert.rejects(
        world.core.tenants.tenants.setPasswordMaxAgeDays(tenant.id, days),
        withCode('validation_failed'),
      )
    }
    await assert.rejects(
      world.core.tenants.tenants.setPasswordMaxAgeDays('no-such-tenant', 5),
      withCode('tenant_not_found'),
    )
  })

  it('gives a password the expiry of the policy in force when it is set, and keeps it when the policy changes', async () => {
    const tenant = world.core.tenants.tenants.defaultTenant()
    await world.core.tenants.tenants.setPasswordMaxAgeDays(tenant.id, 10)
    const user = await createAccount(world, { email: 'policy@example.com' })
    assert.equal(user.passwordExpiresAt?.getTime(), user.createdAt.getTime() + 10 * 86_400_000)
    await world.core.tenants.tenants.setPasswordMaxAgeDays(tenant.id, 0)
    assert.deepEqual((await world.core.identity.users.get(user.id)).passwordExpiresAt, user.passwordExpiresAt)
    world.clock.advance(10 * 86_400)
    await assert.rejects(
      world.core.identity.auth.signIn(
        client,
        { tenantId: tenant.id, email: 'policy@example.com', password: DEFAULT_PASSWORD },
        policy,
      ),
      withCode('password_expired'),
    )
    const changed = await world.core.identity.passwordChanges.change(client, {
      tenantId: tenant.id,
      login: 'policy@example.com',
      oldPassword: DEFAULT_PASSWORD,
      newPassword: 'Another123',
      passwordRule: { check: () => undefined },
    })
    assert.equal(changed.passwordExpiresAt, undefined)
    assert.equal((await world.core.identity.users.get(user.id)).passwordExpiresAt, undefined)
  })
})
