import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  addUser,
  createCoop,
  multipart,
  PNG,
  requestPart,
  tenantIdOf,
} from '../../../../test/support/ampnet-coops.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts'

const CONFIG = { public: true, show_version: false }

surfaceSuite('AMPnet /public', { env: { AMPNET_DEFAULT_COOP: 'ampnet-test' } }, ({ app }) => {
  let expected: Record<string, unknown>
  before(async () => {
    // The documented fixture: the default coop with hostname host.com and a config.
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    const coop = await app.core.tenants.coops.update(tenantId, { hostname: 'host.com', config: CONFIG })
    assert.ok(coop)
    expected = {
      identifier: 'ampnet-test',
      name: 'ampnet-test',
      created_at: coop.tenant.createdAt.toISOString(),
      hostname: 'host.com',
      config: CONFIG,
      logo: null,
      banner: null,
      need_user_verification: true,
      kyc_provider: 'VERIFF',
      disable_sign_up: false,
    }
  })

  const get = (url: string) => app.inject({ method: 'GET', url })

  describe('GET /public/app/config/*', () => {
    it('answers the coop of a hostname, config embedded as JSON', async () => {
      const response = await get('/public/app/config/hostname/host.com')
      assert.equal(response.statusCode, 200)
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
      assert.deepEqual(response.json(), expected)
    })

    it('answers 404 with an empty body for an unknown hostname, and never falls back', async () => {
      const response = await get('/public/app/config/hostname/ampnet-test')
      assert.equal(response.statusCode, 404)
      assert.equal(response.body, '')
    })

    it('answers the coop of an identifier, and the default coop for an unknown one', async () => {
      assert.deepEqual((await get('/public/app/config/identifier/ampnet-test')).json(), expected)
      const missing = await get('/public/app/config/identifier/missing')
      assert.equal(missing.statusCode, 200)
      assert.deepEqual(missing.json(), expected)
      const slashed = await get('/public/app/config/identifier/a%2Fb')
      assert.deepEqual(slashed.json(), expected)
      // No coop identifier holds a slash; a raw one is another path, which does not exist.
      assert.equal((await get('/public/app/config/identifier/a/b')).statusCode, 404)
    })

    it('shows a new coop and an update at once (no stale cache)', async () => {
      await createCoop(app, 'fresh', 'fresh.host')
      assert.equal((await get('/public/app/config/hostname/fresh.host')).json().identifier, 'fresh')
      await app.core.tenants.coops.update(await tenantIdOf(app, 'fresh'), {
        name: 'Renamed',
        hostname: 'renamed.host',
      })
      assert.equal((await get('/public/app/config/identifier/fresh')).json().name, 'Renamed')
      assert.equal((await get('/public/app/config/hostname/fresh.host')).statusCode, 404)
      assert.equal((await get('/public/app/config/hostname/renamed.host')).json().name, 'Renamed')
    })
  })

  describe('GET /public/user/count', () => {
    it('counts the users of the default coop, or of the coop asked for; an unknown coop has 0', async () => {
      const other = await createCoop(app, 'counted')
      const defaultCoop = app.core.tenants.tenants.defaultTenant().id
      await addUser(app, defaultCoop, 'one@count.com')
      await addUser(app, defaultCoop, 'two@count.com')
      await addUser(app, other, 'three@count.com')
      const count = async (url: string) => {
        const response = await get(url)
        assert.equal(response.statusCode, 200)
        return response.json()
      }
      assert.deepEqual(await count('/public/user/count'), { registered: 2 })
      assert.deepEqual(await count('/public/user/count?coop=ampnet-test'), { registered: 2 })
      assert.deepEqual(await count('/public/user/count?coop=counted'), { registered: 1 })
      assert.deepEqual(await count('/public/user/count?coop=nope'), { registered: 0 })
    })
  })

  describe('GET /public/files/{id}/{filename}', () => {
    it('answers 404 with an empty body for an unknown id or a name that is not the file’s', async () => {
      const body = multipart([
        requestPart({ identifier: 'files', name: 'Files' }),
        { name: 'logo', filename: 'logo.png', data: PNG },
      ])
      const created = await app.inject({
        method: 'POST',
        url: '/coop',
        headers: body.headers,
        payload: body.payload,
      })
      const path = new URL(created.json().logo).pathname
      assert.equal((await get(path)).statusCode, 200)
      for (const url of [path.replace('logo.png', 'other.png'), '/public/files/nope/logo.png']) {
        const response = await get(url)
        assert.equal(response.statusCode, 404, url)
        assert.equal(response.body, '')
      }
    })
  })
})

surfaceSuite('AMPnet /public without the default coop', ({ app }) => {
  it('answers 500 1001 when the identifier is unknown and the default coop is gone', async () => {
    await app.database.db.deleteFrom('tenants').execute()
    const response = await app.inject({ method: 'GET', url: '/public/app/config/identifier/missing' })
    assert.equal(response.statusCode, 500)
    assert.deepEqual(response.json(), {
      description: 'Missing coop',
      err_code: '1001',
      message: 'Missing default coop: ampnet on platform',
      errors: {},
    })
  })
})

forEachDatabase('AMPnet coop images under a prefix', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({
      dialect,
      env: { AMPNET_PREFIX: '/api/user', PUBLIC_URL: 'https://id.example.org/' },
    })
  })
  after(() => app.close())

  it('links images under PUBLIC_URL and the prefix, where they are served', async () => {
    await app.core.tenants.coops.create(
      { identifier: 'prefixed', name: 'Prefixed' },
      { banner: { filename: 'wide banner.png', data: PNG } },
    )
    const config = await app.inject({ method: 'GET', url: '/api/user/public/app/config/identifier/prefixed' })
    const { banner } = config.json()
    assert.match(
      banner,
      /^https:\/\/id\.example\.org\/api\/user\/public\/files\/[0-9a-f-]{36}\/wide_banner\.png$/,
    )
    const image = await app.inject({ method: 'GET', url: new URL(banner).pathname })
    assert.equal(image.statusCode, 200)
    assert.deepEqual(image.rawPayload, PNG)
  })
})
