import assert from 'node:assert/strict'
import { it } from 'node:test'
import { addUser, bearer, createCoop, tokenFor } from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'
import { recordVerification } from '../../../core/kyc/kyc.service.ts'

surfaceSuite('AMPnet GET /admin/user/count', { env: { AMPNET_DEFAULT_COOP: 'ampnet-test' } }, ({ app }) => {
  let sessions = 0
  /** A KYC record for the user, as a provider's approved report would make it. */
  async function verify(userId: string) {
    sessions += 1
    const person = {
      givenName: 'SARAH',
      familyName: 'MORGAN',
      dateOfBirth: undefined,
      nationality: undefined,
      documentType: undefined,
      documentCountry: undefined,
      documentValidUntil: undefined,
    }
    const input = { provider: 'VERIFF' as const, sessionId: `session-${sessions}`, person }
    assert.equal(await recordVerification(app.database.db, input, userId, app.clock.now()), 'recorded')
  }

  it('counts the coop users and their KYC records, not other coops’, with the seed’s fields', async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    // The default coop's ADMIN is the operator's to name (#13, item 9).
    const admin = await addUser(app, tenantId, 'admin@count.com', 'ADMIN')
    await addUser(app, tenantId, 'registered@count.com')
    const connected = await addUser(app, tenantId, 'connected@count.com')
    await verify(connected.id)
    // A newer record replaces the first, which then counts as deleted (deactivated).
    await verify(connected.id)
    const other = await createCoop(app, 'elsewhere')
    for (const email of ['x@else.com', 'y@else.com', 'z@else.com']) {
      const user = await addUser(app, other, email)
      if (email !== 'z@else.com') await verify(user.id)
    }
    const response = await app.inject({
      method: 'GET',
      url: '/admin/user/count',
      headers: bearer(await tokenFor(app, admin)),
    })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { registered: 3, activated: 1, deleted: 1, verified: 1 })
  })
})
