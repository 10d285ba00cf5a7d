import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sql } from 'kysely'
import { coreSuite } from '../../../test/support/suite.ts'

coreSuite('OIDC storage (the provider adapter’s store and the clients)', (world) => {
  it('finds by id and uid, marks consumed ones, keeps tenants apart, and revokes a whole grant', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const store = world.core.sessions.oidcStore.forTenant(tenantId)
    const other = world.core.sessions.oidcStore.forTenant('another-tenant')
    await store.upsert('RefreshToken', 'rt-1', { grantId: 'g-1', accountId: 'u' }, 600)
    await store.upsert('AccessToken', 'at-1', { grantId: 'g-1' }, 600)
    await store.upsert('Grant', 'g-1', { accountId: 'u' }, 600)
    await store.upsert('Interaction', 'i-1', { uid: 'uid-1' }, 600)
    await store.upsert('AccessToken', 'at-2', { grantId: 'g-2' }, 600)

    assert.deepEqual(await store.find('RefreshToken', 'rt-1'), { grantId: 'g-1', accountId: 'u' })
    assert.deepEqual(await store.findByUid('Interaction', 'uid-1'), { uid: 'uid-1' })
    assert.equal(await other.find('RefreshToken', 'rt-1'), undefined)

    await store.consume('RefreshToken', 'rt-1')
    const consumed = await store.find('RefreshToken', 'rt-1')
    assert.equal(typeof consumed?.consumed, 'number')
    await store.revokeByGrantId('g-1')
    assert.equal(await store.find('RefreshToken', 'rt-1'), undefined)
    assert.equal(await store.find('AccessToken', 'at-1'), undefined)
    assert.equal(await store.find('Grant', 'g-1'), undefined)
    assert.deepEqual(await store.find('AccessToken', 'at-2'), { grantId: 'g-2' })

    await store.destroy('AccessToken', 'at-2')
    assert.equal(await store.find('AccessToken', 'at-2'), undefined)
  })

  it('hides expired rows and sweeps them', async () => {
    const store = world.core.sessions.oidcStore.forTenant(world.core.tenants.tenants.defaultTenant().id)
    await store.upsert('Session', 's-1', { accountId: 'u' }, 60)
    await store.upsert('Session', 's-2', { accountId: 'u' }, 3600)
    world.clock.advance(61)
    assert.equal(await store.find('Session', 's-1'), undefined)
    assert.ok(await store.find('Session', 's-2'))
    assert.equal(await world.core.sessions.oidcStore.sweep(), 1)
    assert.equal(await world.core.sessions.oidcStore.sweep(), 0)
  })

  it('stores a client secret sealed, never in plain, and opens it for the provider', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const { client, secret } = await world.core.sessions.oidcClients.create({
      tenantId,
      name: 'App',
      redirectUris: ['https://app.example.com/cb'],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'],
      isPublic: false,
      resources: [],
    })
    assert.ok(secret)
    const rows = await sql<{
      secret_sealed: string
      metadata: string
    }>`select secret_sealed, metadata from oidc_clients`.execute(world.database.db)
    assert.equal(rows.rows.length, 1)
    assert.ok(!rows.rows[0]?.secret_sealed.includes(secret))
    assert.ok(!rows.rows[0]?.metadata.includes(secret))
    assert.equal((await world.core.sessions.oidcClients.findWithSecret(tenantId, client.id))?.secret, secret)
    assert.equal(await world.core.sessions.oidcClients.findWithSecret('another-tenant', client.id), undefined)
  })
})
