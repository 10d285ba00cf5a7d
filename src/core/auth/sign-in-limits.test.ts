import assert from 'node:assert/strict'
import { it } from 'node:test'
import { forEachCounterStore, useAbuseApp } from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { isAppError } from '../errors.ts'

const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: undefined }
const anyPassword = { check: () => undefined }
const withCode = (code: string) => (error: unknown) => isAppError(error) && error.code === code

// The use cases apply the limits and lockout themselves, from the client the surface names.
forEachCounterStore('sign-in limits in the core', (dialect, store) => {
  const appOf = useAbuseApp(dialect, store, { LOCKOUT_THRESHOLD: '2', LOCKOUT_BASE_SECONDS: '600' })
  const tenantIdOf = () => appOf().core.tenants.tenants.defaultTenant().id

  it('locks the account, not the login typed: failures by username lock out its email', async () => {
    await createAccount(appOf(), { email: 'both@limits.test', username: 'both' })
    const signIn = (client: string, login: string, password: string) =>
      appOf().core.identity.auth.signInWithLogin(client, { tenantId: tenantIdOf(), login, password }, policy)
    await assert.rejects(signIn('10.7.0.1', 'both', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(signIn('10.7.0.2', 'BOTH', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(signIn('10.7.0.3', 'both@limits.test', DEFAULT_PASSWORD), withCode('rate_limited'))
    await assert.rejects(
      appOf().core.identity.auth.signIn(
        '10.7.0.3',
        { tenantId: tenantIdOf(), email: 'both@limits.test', password: DEFAULT_PASSWORD },
        policy,
      ),
      withCode('rate_limited'),
    )
  })

  it('counts a wrong old password of a password change as a sign-in guess', async () => {
    await createAccount(appOf(), { email: 'change@limits.test', username: 'change' })
    const change = (client: string, oldPassword: string) =>
      appOf().core.identity.passwordChanges.change(client, {
        tenantId: tenantIdOf(),
        login: 'change',
        oldPassword,
        newPassword: 'Another1',
        passwordRule: anyPassword,
      })
    await assert.rejects(change('10.7.1.1', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(change('10.7.1.2', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(change('10.7.1.3', DEFAULT_PASSWORD), withCode('rate_limited'))
  })

  it('lets a client that signed in before through a lock, and no other', async () => {
    await createAccount(appOf(), { email: 'known@limits.test' })
    const signIn = (client: string, password: string) =>
      appOf().core.identity.auth.signIn(
        client,
        { tenantId: tenantIdOf(), email: 'known@limits.test', password },
        policy,
      )
    await signIn('10.7.2.1', DEFAULT_PASSWORD)
    await assert.rejects(signIn('10.7.2.2', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(signIn('10.7.2.3', 'wrong'), withCode('invalid_credentials'))
    await assert.rejects(signIn('10.7.2.4', DEFAULT_PASSWORD), withCode('rate_limited'))
    assert.equal((await signIn('10.7.2.1', DEFAULT_PASSWORD)).user.email, 'known@limits.test')
  })
})
