import assert from 'node:assert/strict'
import { it } from 'node:test'
import { forEachCounterStore, useAbuseApp } from '../../../test/support/abuse.ts'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'

// The lockout counters live outside the database (memory or Redis), keyed by the login typed.
forEachCounterStore('user erasure and sign-in lockouts', (dialect, store) => {
  const appOf = useAbuseApp(dialect, store, { LOCKOUT_THRESHOLD: '2', LOCKOUT_BASE_SECONDS: '600' })
  const signIn = (email: string, password: string, ip: string) =>
    appOf().inject({ method: 'POST', url: '/access-tokens', payload: { email, password }, remoteAddress: ip })

  it("forgets the erased user's lockout: whoever signs up with the address next is not locked out", async () => {
    const user = await createAccount(appOf(), { email: 'locked@erase.test', username: 'locked' })
    for (const ip of ['10.9.0.1', '10.9.0.2'])
      assert.equal((await signIn(user.email, 'wrong', ip)).statusCode, 401)
    assert.equal((await signIn(user.email, DEFAULT_PASSWORD, '10.9.0.3')).statusCode, 429)

    await appOf().core.identity.userErasure.erase({ tenantId: user.tenantId, userId: user.id })

    await createAccount(appOf(), { email: 'locked@erase.test' })
    assert.equal((await signIn('locked@erase.test', DEFAULT_PASSWORD, '10.9.0.4')).statusCode, 201)
  })
})
