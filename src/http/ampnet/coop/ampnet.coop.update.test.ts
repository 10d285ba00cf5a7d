import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  addUser,
  bearer,
  createCoop,
  multipart,
  type Part,
  PNG,
  requestPart,
  tenantIdOf,
  tokenFor,
} from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'

const FILE_URL = /^http:\/\/latchkey\.test\/public\/files\/[0-9a-f-]{36}\/(logo|banner)\.(png|gif)$/

surfaceSuite('AMPnet GET and PUT /coop', { env: { AMPNET_DEFAULT_COOP: 'ampnet-test' } }, ({ app }) => {
  let adminToken: string
  let userToken: string
  before(async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    // The default coop's ADMIN is made by the operator: no sign-up becomes it (#13).
    adminToken = await tokenFor(app, await addUser(app, tenantId, 'admin@coop.com', 'ADMIN'))
    userToken = await tokenFor(app, await addUser(app, tenantId, 'user@coop.com'))
  })

  const put = (token: string, parts: readonly Part[]) => {
    const body = multipart(parts)
    return app.inject({
      method: 'PUT',
      url: '/coop',
      headers: { ...bearer(token), ...body.headers },
      payload: body.payload,
    })
  }
  const logo: Part = { name: 'logo', filename: 'logo.png', contentType: 'image/png', data: PNG }
  const banner: Part = { name: 'banner', filename: 'banner.png', contentType: 'image/png', data: PNG }

  describe('GET and PUT /coop', () => {
    it('updates the caller coop’s name and config, and the public config shows it at once', async () => {
      const config = { colors: { main: 'brown' }, arkane: 'STAGING', test: false, retry: 1 }
      const request = {
        name: 'New name',
        hostname: 'new.my.host',
        need_user_verification: false,
        config,
        kyc_provider: 'VERIFF',
        disable_sign_up: true,
      }
      const response = await put(adminToken, [requestPart(request), logo, banner])
      assert.equal(response.statusCode, 200, response.body)
      const body = response.json()
      assert.deepEqual(
        { ...body, created_at: 'x', logo: 'x', banner: 'x' },
        {
          identifier: 'ampnet-test',
          name: 'New name',
          created_at: 'x',
          hostname: 'new.my.host',
          config,
          logo: 'x',
          banner: 'x',
          need_user_verification: false,
          kyc_provider: 'VERIFF',
          disable_sign_up: true,
        },
      )
      assert.match(body.logo, FILE_URL)
      const byHost = await app.inject({ method: 'GET', url: '/public/app/config/hostname/new.my.host' })
      assert.deepEqual(byHost.json(), body)
      const mine = await app.inject({ method: 'GET', url: '/coop', headers: bearer(adminToken) })
      assert.equal(mine.statusCode, 200)
      assert.deepEqual(mine.json(), body)
    })

    it('changes only the fields sent, replaces config whole and deletes a replaced image', async () => {
      const before = (await app.inject({ method: 'GET', url: '/coop', headers: bearer(adminToken) })).json()
      const response = await put(adminToken, [
        requestPart({ config: { only: 'this' }, kyc_provider: 'IDENTYUM', name: null }),
        logo,
      ])
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(
        { ...body, logo: before.logo },
        { ...before, config: { only: 'this' }, kyc_provider: 'IDENTYUM' },
      )
      assert.notEqual(body.logo, before.logo)
      assert.equal((await app.inject({ method: 'GET', url: new URL(before.logo).pathname })).statusCode, 404)
      assert.equal((await app.inject({ method: 'GET', url: new URL(body.logo).pathname })).statusCode, 200)
    })

    it('answers 400 0808 for a hostname another coop uses, and the framework 400 for an unknown kyc_provider', async () => {
      await createCoop(app, 'other-host', 'other.host')
      const taken = await put(adminToken, [requestPart({ hostname: 'other.host' })])
      assert.equal(taken.statusCode, 400)
      assert.deepEqual(taken.json().errors, { hostname: 'is already used by another coop' })
      const kyc = await put(adminToken, [requestPart({ kyc_provider: 'ONFIDO' })])
      assert.equal(kyc.statusCode, 400)
      assert.equal(kyc.json().status, 400)
    })

    it('answers 403 to a USER on PUT and GET, and 400 0206 without a token', async () => {
      assert.equal((await put(userToken, [requestPart({ name: 'x' })])).statusCode, 403)
      assert.equal(
        (await app.inject({ method: 'GET', url: '/coop', headers: bearer(userToken) })).statusCode,
        403,
      )
      const anonymous = await app.inject({ method: 'GET', url: '/coop' })
      assert.equal(anonymous.statusCode, 400)
      assert.equal(anonymous.json().err_code, '0206')
    })

    it('lets the first user of a new coop, its ADMIN, manage it', async () => {
      const tenantId = await createCoop(app, 'onboarding')
      const token = await tokenFor(app, await addUser(app, tenantId, 'founder@onboarding.com'))
      const response = await app.inject({ method: 'GET', url: '/coop', headers: bearer(token) })
      assert.equal(response.json().identifier, 'onboarding')
      assert.equal(await tenantIdOf(app, 'onboarding'), tenantId)
    })
  })
})
