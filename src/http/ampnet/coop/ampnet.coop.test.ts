import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  createCoop,
  GIF,
  multipart,
  type Part,
  PNG,
  requestPart,
} from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'

const SEED_CONFIG = {
  title: 'AMPnet',
  logo_url: 'http://assets/logo-amp.png',
  icon_url: 'http://assets/favicon.ico',
  arkane: { id: 'AMPnet', env: 'staging' },
  identyum: { startLanguage: 'en' },
  googleClientId: 'google-id',
  facebookAppId: 'facebook-id',
}
const FILE_URL = /^http:\/\/latchkey\.test\/public\/files\/[0-9a-f-]{36}\/(logo|banner)\.(png|gif)$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

surfaceSuite('AMPnet /coop', { env: { AMPNET_DEFAULT_COOP: 'ampnet-test' } }, ({ app }) => {
  const post = (parts: readonly Part[], headers: Record<string, string> = {}) => {
    const body = multipart(parts)
    return app.inject({
      method: 'POST',
      url: '/coop',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    })
  }
  const logo: Part = { name: 'logo', filename: 'logo.png', contentType: 'image/png', data: PNG }
  const banner: Part = { name: 'banner', filename: 'banner.png', contentType: 'image/png', data: PNG }

  describe('POST /coop', () => {
    it('creates a coop with its images and AMPnet defaults, as the seed shows', async () => {
      const request = {
        identifier: 'new-coop-a',
        name: 'New Coop a',
        hostname: 'ampnet.io',
        config: SEED_CONFIG,
        re_captcha_token: 'token',
      }
      const response = await post([requestPart(request), logo, banner])
      assert.equal(response.statusCode, 200, response.body)
      const body = response.json()
      assert.deepEqual(Object.keys(body), [
        'identifier',
        'name',
        'created_at',
        'hostname',
        'config',
        'logo',
        'banner',
        'need_user_verification',
        'kyc_provider',
        'disable_sign_up',
      ])
      assert.deepEqual(
        { ...body, created_at: 'x', logo: 'x', banner: 'x' },
        {
          identifier: 'new-coop-a',
          name: 'New Coop a',
          created_at: 'x',
          hostname: 'ampnet.io',
          config: SEED_CONFIG,
          logo: 'x',
          banner: 'x',
          need_user_verification: true,
          kyc_provider: 'VERIFF',
          disable_sign_up: false,
        },
      )
      assert.match(body.created_at, ISO)
      assert.match(body.logo, FILE_URL)
      assert.match(body.banner, FILE_URL)
      assert.notEqual(body.logo, body.banner)
    })

    it('serves the stored images at their URL with their type, nosniff and a sandbox', async () => {
      const request = { identifier: 'with-images', name: 'Images' }
      const created = (
        await post([requestPart(request), { ...logo, data: GIF, contentType: 'image/png' }])
      ).json()
      assert.match(created.logo, /\/logo\.gif$/)
      const image = await app.inject({ method: 'GET', url: new URL(created.logo).pathname })
      assert.equal(image.statusCode, 200)
      assert.equal(image.headers['content-type'], 'image/gif')
      assert.equal(image.headers['x-content-type-options'], 'nosniff')
      assert.equal(image.headers['content-security-policy'], "default-src 'none'; sandbox")
      assert.equal(image.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.deepEqual(image.rawPayload, GIF)
    })

    it('creates a coop without images and with the request as a plain form field', async () => {
      const response = await post([
        { name: 'request', data: JSON.stringify({ identifier: 'plain', name: 'Plain' }) },
      ])
      assert.equal(response.statusCode, 200, response.body)
      assert.deepEqual(
        [response.json().logo, response.json().banner, response.json().config],
        [null, null, null],
      )
    })

    it('answers 400 1002 for an identifier that exists', async () => {
      await createCoop(app, 'taken')
      const response = await post([requestPart({ identifier: 'taken', name: 'Again' })])
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), {
        description: 'Coop already exists',
        err_code: '1002',
        message: 'Coop with identifier: taken already exists',
        errors: {},
      })
    })

    it('answers 400 0808 for identifiers that are not slugs (slashes, spaces, capitals, too long)', async () => {
      for (const identifier of ['a/b', 'a b', 'Upper', '-dash', '', 'x'.repeat(65)]) {
        const response = await post([requestPart({ identifier, name: 'n' })])
        assert.equal(response.statusCode, 400, identifier)
        assert.deepEqual(response.json(), {
          description: 'Invalid controller request exception',
          err_code: '0808',
          message: 'identifier must be 1-64 lower-case letters, digits or dashes. ',
          errors: { identifier: 'must be 1-64 lower-case letters, digits or dashes' },
        })
      }
    })

    it('answers 400 0808 naming each field that is too long', async () => {
      const response = await post([
        requestPart({ identifier: 'long', name: 'n'.repeat(129), hostname: 'h'.repeat(513) }),
      ])
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json().errors, {
        name: 'size must be between 0 and 128',
        hostname: 'size must be between 0 and 512',
      })
    })

    it('answers 400 0808 for a config that is not a JSON object or is over 64 KiB', async () => {
      const cases: [unknown, string][] = [
        [[1, 2], 'must be a JSON object'],
        ['text', 'must be a JSON object'],
        [{ big: 'x'.repeat(65_536) }, 'must be at most 65536 characters of JSON'],
      ]
      for (const [config, problem] of cases) {
        const response = await post([requestPart({ identifier: 'configs', name: 'n', config })])
        assert.equal(response.statusCode, 400)
        assert.deepEqual(response.json().errors, { config: problem })
      }
    })

    it('answers 413 with the framework body to more parts than a coop request has', async () => {
      const parts = Array.from({ length: 7 }, (_, i) => ({ name: `extra${i}`, data: 'x' }))
      const response = await post([requestPart({ identifier: 'parts', name: 'n' }), ...parts])
      assert.equal(response.statusCode, 413)
      assert.equal(response.json().status, 413)
    })

    it('answers 400 0808 for an image that is not PNG, JPEG, GIF or WebP (SVG included)', async () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
      for (const data of [Buffer.from(svg), Buffer.from('LogoData'), Buffer.alloc(0)]) {
        const response = await post([
          requestPart({ identifier: 'bad-image', name: 'n' }),
          { ...logo, contentType: 'image/svg+xml', data },
        ])
        assert.equal(response.statusCode, 400)
        assert.deepEqual(response.json(), {
          description: 'Invalid controller request exception',
          err_code: '0808',
          message: 'logo must be a PNG, JPEG, GIF or WebP image. ',
          errors: { logo: 'must be a PNG, JPEG, GIF or WebP image' },
        })
      }
      assert.equal(
        (await app.inject({ method: 'GET', url: '/public/app/config/identifier/bad-image' })).json()
          .identifier,
        'ampnet-test',
      )
    })

    it('answers 400 0808 for an image over the cap (2 MB by default, #13), not a 5xx', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)])
      const response = await post([requestPart({ identifier: 'big', name: 'n' }), { ...banner, data: big }])
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json().errors, { banner: 'size must be at most 2 MB' })
      assert.equal(response.json().err_code, '0808')
    })

    it('answers 400 with the framework body without a request part or with one that is not JSON', async () => {
      for (const parts of [
        [logo],
        [{ name: 'request', filename: 'r.json', contentType: 'application/json', data: '{nope' }],
        [{ name: 'request', data: 'nope' }],
      ]) {
        const response = await post(parts)
        assert.equal(response.statusCode, 400)
        const { timestamp, ...rest } = response.json()
        assert.match(timestamp, ISO)
        assert.deepEqual(rest, {
          status: 400,
          error: 'Bad Request',
          message: "Required request part 'request' is not present or not JSON",
          path: '/coop',
        })
      }
    })

    it('answers 400 with the framework body for a missing identifier or a wrong type', async () => {
      for (const request of [
        { name: 'n' },
        { identifier: 'x', name: 5 },
        { identifier: 'x', name: 'n', hostname: [] },
        ['x'],
      ]) {
        const response = await post([requestPart(request)])
        assert.equal(response.statusCode, 400, JSON.stringify(request))
        assert.equal(response.json().status, 400)
        assert.equal(response.json().err_code, undefined)
      }
    })

    it('answers 415 to a body that is not multipart', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/coop',
        payload: { identifier: 'json', name: 'n' },
      })
      assert.equal(response.statusCode, 415)
      assert.equal(response.json().status, 415)
    })

    it('answers 400 0204 to an invalid bearer token even though the route is public', async () => {
      const response = await post([requestPart({ identifier: 'bearer', name: 'n' })], {
        authorization: 'Bearer garbage',
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), {
        description: 'Invalid JWT',
        err_code: '0204',
        message: 'Invalid JWT',
      })
    })
  })
})

surfaceSuite('AMPnet POST /coop switched off', { env: { AMPNET_COOP_CREATION: 'false' } }, ({ app }) => {
  // 403, not the original's 500: creation is now off by default (#13), a refusal, not a fault.
  it('answers 403 1003 when coop creation is disabled', async () => {
    const body = multipart([requestPart({ identifier: 'nope', name: 'n' })])
    const response = await app.inject({
      method: 'POST',
      url: '/coop',
      headers: body.headers,
      payload: body.payload,
    })
    assert.equal(response.statusCode, 403)
    assert.deepEqual(response.json(), {
      description: 'Coop creating disabled',
      err_code: '1003',
      message: 'Creating new coop is disabled!',
      errors: {},
    })
  })
})
