import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  addUser,
  bearer,
  multipart,
  type Part,
  PNG,
  requestPart,
} from '../../../../test/support/ampnet-coops.ts'
import { forEachDatabase, type TestDialect } from '../../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts'
import { loadConfig } from '../../../config/config.ts'

// Anonymous POST /coop was open to all, unlimited, and stored 20 MB of images a
// request for ever. Creation is now the operator's opt-in, limited per client, images capped.

const MB = 1024 * 1024

async function withApp(
  dialect: TestDialect,
  env: Record<string, string>,
  work: (app: TestApp) => Promise<void>,
) {
  const app = await createTestApp({ dialect, env })
  try {
    await work(app)
  } finally {
    await app.close()
  }
}

function postCoop(app: TestApp, parts: readonly Part[], method: 'POST' | 'PUT' = 'POST', token?: string) {
  const body = multipart(parts)
  return app.inject({
    method,
    url: '/coop',
    headers: { ...body.headers, ...(token && bearer(token)) },
    payload: body.payload,
  })
}

/** A PNG of exactly `bytes` bytes: the magic bytes, then padding. */
const pngOf = (bytes: number): Part => ({
  name: 'logo',
  filename: 'logo.png',
  contentType: 'image/png',
  data: Buffer.concat([PNG, Buffer.alloc(bytes - PNG.length)]),
})

const sizeError = (field: string, text: string) => ({
  description: 'Invalid controller request exception',
  err_code: '0808',
  message: `${field} ${text}. `,
  errors: { [field]: text },
})

it('keeps public coop creation off unless the operator turns it on', () => {
  assert.equal(loadConfig({}).tenants.creationEnabled, false)
  assert.equal(loadConfig({ AMPNET_COOP_CREATION: 'true' }).tenants.creationEnabled, true)
})

forEachDatabase('AMPnet POST /coop against abuse', (dialect) => {
  it('refuses creation while it is off with 403 1003, creating nothing', async () => {
    await withApp(dialect, { AMPNET_COOP_CREATION: 'false' }, async (app) => {
      const response = await postCoop(app, [requestPart({ identifier: 'nope', name: 'n' })])
      assert.equal(response.statusCode, 403)
      assert.deepEqual(response.json(), {
        description: 'Coop creating disabled',
        err_code: '1003',
        message: 'Creating new coop is disabled!',
        errors: {},
      })
      assert.equal(await app.core.tenants.tenants.findByIdentifier('nope'), undefined)
    })
  })

  it('limits coop creations per client address, with 429 and Retry-After', async () => {
    const env = { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_COOP_CREATION: '2/3600' }
    await withApp(dialect, env, async (app) => {
      for (const identifier of ['one', 'two']) {
        const response = await postCoop(app, [requestPart({ identifier, name: 'n' })])
        assert.equal(response.statusCode, 200, response.body)
      }
      const refused = await postCoop(app, [requestPart({ identifier: 'three', name: 'n' })])
      assert.equal(refused.statusCode, 429)
      const body = refused.json()
      assert.deepEqual(body, {
        timestamp: body.timestamp,
        status: 429,
        error: 'Too Many Requests',
        message: 'Too many requests, try again in 3600 seconds',
        path: '/coop',
      })
      assert.equal(refused.headers['retry-after'], '3600')
      assert.equal(await app.core.tenants.tenants.findByIdentifier('three'), undefined)
    })
  })

  it('takes images of at most 2 MB by default, and refuses bigger ones with 400 0808', async () => {
    await withApp(dialect, {}, async (app) => {
      const fits = await postCoop(app, [requestPart({ identifier: 'fits', name: 'n' }), pngOf(2 * MB)])
      assert.equal(fits.statusCode, 200, fits.body)
      const big = await postCoop(app, [requestPart({ identifier: 'big', name: 'n' }), pngOf(2 * MB + 1)])
      assert.equal(big.statusCode, 400)
      assert.deepEqual(big.json(), sizeError('logo', 'size must be at most 2 MB'))
      assert.equal(await app.core.tenants.tenants.findByIdentifier('big'), undefined)
    })
  })

  it('applies AMPNET_COOP_IMAGE_MAX_BYTES to POST and PUT /coop', async () => {
    await withApp(dialect, { AMPNET_COOP_IMAGE_MAX_BYTES: '4096' }, async (app) => {
      const big = await postCoop(app, [requestPart({ identifier: 'big', name: 'n' }), pngOf(4097)])
      assert.equal(big.statusCode, 400)
      assert.deepEqual(big.json(), sizeError('logo', 'size must be at most 4 KB'))
      const admin = await addUser(app, app.core.tenants.tenants.defaultTenant().id, 'admin@coop.com', 'ADMIN')
      const { accessToken } = await app.core.identity.auth.openSession(admin, {
        surface: 'ampnet',
        accessTtlSeconds: 3600,
        refreshTtlSeconds: undefined,
      })
      const put = await postCoop(app, [requestPart({ name: 'm' }), pngOf(4097)], 'PUT', accessToken)
      assert.equal(put.statusCode, 400)
      assert.deepEqual(put.json(), sizeError('logo', 'size must be at most 4 KB'))
      const fits = await postCoop(app, [requestPart({ name: 'm' }), pngOf(4096)], 'PUT', accessToken)
      assert.equal(fits.statusCode, 200, fits.body)
    })
  })
})
