import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { addUser, createCoop, multipart, PNG } from '../../../test/support/ampnet-coops.ts'
import { consoleStaff, pressOn } from '../../../test/support/console-client.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { csrfOf, getPage, type PageSession, postForm, summaryOf } from '../../../test/support/pages-client.ts'
import { useTestApp } from '../../../test/support/suite.ts'
import type { User } from '../../core/user/user.ts'

forEachDatabase('admin console: coop settings, lockout, logo and API keys', (dialect) => {
  const { app } = useTestApp(dialect, {
    env: {
      LOCKOUT_THRESHOLD: '5',
      LOCKOUT_BASE_SECONDS: '60',
      LOCKOUT_MAX_SECONDS: '3600',
      AMPNET_COOP_IMAGE_MAX_BYTES: '1024',
    },
  })
  let tenantId: string
  let admin: User
  let session: PageSession
  let managerSession: PageSession
  before(async () => {
    ;({ tenantId, admin, session, managerSession } = await consoleStaff(app))
  })

  const lastEvent = async (type: string) =>
    (await app.core.ops.audit.page(tenantId, { page: 0, size: 1 }, { type })).events[0]
  const settings = {
    name: 'Renamed coop',
    hostname: 'coop.example.com',
    config: '{"theme": {"colour": "green"}}',
    kycProvider: 'IDENTYUM',
  }

  it('saves name, host name, config, KYC provider and verification through core.tenants.coops.update, audited', async () => {
    const saved = await pressOn(app, session, '/console/coop', '/console/coop/settings', settings)
    assert.equal(saved.statusCode, 303)
    assert.equal(saved.headers.location, '/console/coop?done=coopSaved')
    const tenant = await app.core.tenants.tenants.get(tenantId)
    assert.equal(tenant.name, 'Renamed coop')
    assert.equal(tenant.hostname, 'coop.example.com')
    assert.deepEqual(JSON.parse(tenant.config ?? ''), { theme: { colour: 'green' } })
    assert.equal(tenant.kycProvider, 'IDENTYUM')
    assert.equal(tenant.needUserVerification, false)
    const event = await lastEvent('coop.updated')
    assert.equal(event?.actorUserId, admin.id)
    assert.deepEqual(event?.details.fields, [
      'name',
      'hostname',
      'config',
      'kycProvider',
      'needUserVerification',
    ])
    const page = await getPage(app, session, '/console/coop?done=coopSaved')
    assert.match(page.body, /The coop’s settings are saved\./)
    assert.match(page.body, /&quot;colour&quot;: &quot;green&quot;/)
  })

  it('refuses bad JSON, a non-object config and a missing name with the form again (400)', async () => {
    const before = await app.core.tenants.tenants.get(tenantId)
    const badJson = await pressOn(app, session, '/console/coop', '/console/coop/settings', {
      ...settings,
      config: '{nope',
    })
    assert.equal(badJson.statusCode, 400)
    assert.deepEqual(summaryOf(badJson.body), ['config: Configuration is not valid JSON'])
    const array = await pressOn(app, session, '/console/coop', '/console/coop/settings', {
      ...settings,
      config: '[1]',
    })
    assert.equal(array.statusCode, 400)
    assert.deepEqual(summaryOf(array.body), ['config: config must be a JSON object'])
    const noName = await pressOn(app, session, '/console/coop', '/console/coop/settings', {
      ...settings,
      name: ' ',
    })
    assert.equal(noName.statusCode, 400)
    assert.deepEqual(await app.core.tenants.tenants.get(tenantId), before)
  })

  it('lets a PLATFORM_MANAGER change the settings (PWA_COOP, as PUT /coop) but not the lockout (403)', async () => {
    const saved = await pressOn(app, managerSession, '/console/coop', '/console/coop/settings', {
      ...settings,
      name: 'Managed coop',
    })
    assert.equal(saved.statusCode, 303)
    const refused = await pressOn(app, managerSession, '/console/coop', '/console/coop/lockout', {
      threshold: '3',
      baseSeconds: '120',
      maxSeconds: '7200',
    })
    assert.equal(refused.statusCode, 403)
    assert.equal((await app.core.tenants.tenantLockouts.policyOf('default')).threshold, 5)
  })

  it('makes the lockout stricter, audited, and refuses a looser one with 400', async () => {
    const stricter = await pressOn(app, session, '/console/coop', '/console/coop/lockout', {
      threshold: '3',
      baseSeconds: '120',
      maxSeconds: '7200',
    })
    assert.equal(stricter.statusCode, 303)
    assert.equal(stricter.headers.location, '/console/coop?done=lockoutSaved')
    const policy = await app.core.tenants.tenantLockouts.policyOf(
      app.core.tenants.tenants.defaultTenant().identifier,
    )
    assert.deepEqual([policy.threshold, policy.baseSeconds, policy.maxSeconds], [3, 120, 7200])
    assert.deepEqual((await lastEvent('coop.updated'))?.details.fields, ['lockout'])

    for (const looser of [
      { threshold: '6', baseSeconds: '120', maxSeconds: '7200' },
      { threshold: '0', baseSeconds: '120', maxSeconds: '7200' },
      { threshold: '3', baseSeconds: '30', maxSeconds: '7200' },
      { threshold: '3', baseSeconds: '120', maxSeconds: '600' },
      { threshold: 'x', baseSeconds: '120', maxSeconds: '7200' },
    ]) {
      const refused = await pressOn(app, session, '/console/coop', '/console/coop/lockout', looser)
      assert.equal(refused.statusCode, 400, JSON.stringify(looser))
      assert.equal(summaryOf(refused.body).length, 1)
    }
    const unchanged = await app.core.tenants.tenantLockouts.policyOf(
      app.core.tenants.tenants.defaultTenant().identifier,
    )
    assert.deepEqual([unchanged.threshold, unchanged.baseSeconds, unchanged.maxSeconds], [3, 120, 7200])
  })

  const uploadLogo = async (as: PageSession, file: { data: Buffer; filename: string }, csrf?: string) => {
    const page = await getPage(app, as, '/console/coop')
    const { payload, headers } = multipart([
      { name: '_csrf', data: csrf ?? csrfOf(page.body) },
      { name: 'logo', filename: file.filename, contentType: 'image/png', data: file.data },
    ])
    return app.inject({
      method: 'POST',
      url: '/console/coop/logo',
      payload,
      headers: { ...headers, cookie: as.cookieHeader() },
    })
  }

  it('uploads a logo (checked as PUT /coop checks it) and refuses a bad one with 400', async () => {
    const uploaded = await uploadLogo(session, { data: PNG, filename: 'logo.png' })
    assert.equal(uploaded.statusCode, 303)
    assert.equal(uploaded.headers.location, '/console/coop?done=logoSaved')
    const coop = await app.core.tenants.coops.find(tenantId)
    assert.ok(coop?.logo)
    assert.deepEqual((await lastEvent('coop.updated'))?.details.fields, ['logo'])

    const notAnImage = await uploadLogo(session, { data: Buffer.from('not an image'), filename: 'x.png' })
    assert.equal(notAnImage.statusCode, 400)
    assert.deepEqual(summaryOf(notAnImage.body), ['logo: logo must be a PNG, JPEG, GIF or WebP image'])
    const tooLarge = await uploadLogo(session, {
      data: Buffer.concat([PNG, Buffer.alloc(2048)]),
      filename: 'big.png',
    })
    assert.equal(tooLarge.statusCode, 400)
    assert.deepEqual(summaryOf(tooLarge.body), ['logo: logo size must be at most 1 KB'])
    const noCsrf = await uploadLogo(session, { data: PNG, filename: 'logo.png' }, 'forged')
    assert.equal(noCsrf.statusCode, 403)
    assert.equal((await app.core.tenants.coops.find(tenantId))?.logo?.filename, coop.logo.filename)
  })

  it('lists every API key of the coop, never a value, and the ADMIN revokes one', async () => {
    const owner = await addUser(app, tenantId, 'keyholder@example.com')
    const issued = await app.core.identity.apiKeys.issue({
      tenantId,
      userId: owner.id,
      name: 'ci deploy',
      ttlSeconds: undefined,
    })
    const page = await getPage(app, session, '/console/api-keys')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /ci deploy/)
    assert.match(page.body, /keyholder@example\.com/)
    assert.ok(!page.body.includes(issued.token))
    const action = `/console/api-keys/${owner.id}/${issued.id}/revoke`
    assert.equal((await pressOn(app, managerSession, '/console/api-keys', action)).statusCode, 403)
    const revoked = await pressOn(app, session, '/console/api-keys', action)
    assert.equal(revoked.statusCode, 303)
    assert.equal(revoked.headers.location, '/console/api-keys?done=keyRevoked')
    assert.deepEqual(await app.core.identity.apiKeys.describe(owner.id), [])
    assert.equal((await lastEvent('api_key.revoked'))?.actorUserId, admin.id)
  })

  it('answers 404 for another coop’s API key and 403 without the CSRF token', async () => {
    const other = await createCoop(app, 'keycoop')
    const stranger = await addUser(app, other, 'stranger@example.com')
    const theirs = await app.core.identity.apiKeys.issue({
      tenantId: other,
      userId: stranger.id,
      name: 'theirs',
      ttlSeconds: undefined,
    })
    const refused = await pressOn(
      app,
      session,
      '/console/api-keys',
      `/console/api-keys/${stranger.id}/${theirs.id}/revoke`,
    )
    assert.equal(refused.statusCode, 404)
    assert.equal((await app.core.identity.apiKeys.describe(stranger.id)).length, 1)
    const page = await getPage(app, session, '/console/api-keys')
    assert.doesNotMatch(page.body, /stranger@example\.com/)
    const noToken = await postForm(app, session, `/console/coop/settings`, settings)
    assert.equal(noToken.statusCode, 403)
  })
})
