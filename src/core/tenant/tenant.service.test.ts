import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'

forEachDatabase('tenant identifiers', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ dialect })
  })
  after(() => app.close())

  it('names a tenant by its identifier, and refuses an unknown tenant', async () => {
    const tenant = app.core.tenants.defaultTenant()
    assert.equal(await app.core.tenants.identifierOf(tenant.id), tenant.identifier)
    assert.equal(await app.core.tenants.identifierOf(tenant.id), tenant.identifier, 'remembered')
    await assert.rejects(app.core.tenants.identifierOf('no-such-tenant'), { code: 'tenant_not_found' })
  })
})
