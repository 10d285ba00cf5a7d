import assert from 'node:assert/strict'
import { it } from 'node:test'
import { coreSuite } from '../../../test/support/suite.ts'

coreSuite('tenant identifiers', (world) => {
  it('names a tenant by its identifier, and refuses an unknown tenant', async () => {
    const tenant = world.core.tenants.tenants.defaultTenant()
    assert.equal(await world.core.tenants.tenants.identifierOf(tenant.id), tenant.identifier)
    assert.equal(await world.core.tenants.tenants.identifierOf(tenant.id), tenant.identifier, 'remembered')
    await assert.rejects(world.core.tenants.tenants.identifierOf('no-such-tenant'), {
      code: 'tenant_not_found',
    })
  })
})
