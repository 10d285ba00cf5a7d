import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'

const ALLOWED_HEADERS = 'Authorization, X-Authorization, X-Access-Token, Content-Type, Cache-Control'
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'

const preflight = (url: string, origin: string | undefined, method: string | undefined) => ({
  method: 'OPTIONS' as const,
  url,
  headers: {
    ...(origin !== undefined && { origin }),
    ...(method !== undefined && { 'access-control-request-method': method }),
    'access-control-request-headers': 'x-access-token',
  },
})

describe('CORS with any origin (CORS_ORIGINS=*)', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp()
  })
  after(() => app.close())

  it('lets any origin read a response, without credentials and without Vary', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://x.example' },
    })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['access-control-allow-origin'], '*')
    assert.equal(response.headers['access-control-allow-credentials'], undefined)
    assert.equal(response.headers['access-control-allow-methods'], undefined)
    assert.equal(response.headers.vary, undefined)
  })

  it('answers a preflight 204 with no body, on known and unknown paths alike', async () => {
    for (const url of ['/ideas', '/nowhere']) {
      const response = await app.inject(preflight(url, 'https://x.example', 'POST'))
      assert.equal(response.statusCode, 204)
      assert.equal(response.body, '')
      assert.equal(response.headers['content-length'], '0')
      assert.equal(response.headers['access-control-allow-origin'], '*')
      assert.equal(response.headers['access-control-allow-methods'], METHODS)
      assert.equal(response.headers['access-control-allow-headers'], ALLOWED_HEADERS)
      assert.equal(response.headers['x-frame-options'], 'DENY')
    }
  })

  it('refuses a preflight without an Origin or a requested method, 400 in plain text', async () => {
    for (const request of [
      preflight('/ideas', undefined, 'POST'),
      preflight('/ideas', 'https://x.example', undefined),
    ]) {
      const response = await app.inject(request)
      assert.equal(response.statusCode, 400)
      assert.equal(response.headers['content-type'], 'text/plain')
      assert.equal(response.body, 'Invalid Preflight Request')
      assert.equal(response.headers['x-content-type-options'], 'nosniff')
    }
  })
})

describe('CORS with listed origins', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({ env: { CORS_ORIGINS: 'https://a.example, https://b.example' } })
  })
  after(() => app.close())

  it('names a listed origin back, and no origin to any other; Vary: Origin either way', async () => {
    const cases: [string | undefined, string | undefined][] = [
      ['https://b.example', 'https://b.example'],
      ['https://evil.example', undefined],
      [undefined, undefined],
    ]
    for (const [origin, allowed] of cases) {
      const response = await app.inject({
        method: 'GET',
        url: '/health',
        headers: origin === undefined ? {} : { origin },
      })
      assert.equal(response.statusCode, 200)
      assert.equal(response.headers['access-control-allow-origin'], allowed, `origin ${origin}`)
      assert.equal(response.headers.vary, 'Origin')
    }
  })

  it('answers every preflight, naming the origin only when it is listed', async () => {
    const listed = await app.inject(preflight('/ideas', 'https://a.example', 'POST'))
    assert.equal(listed.statusCode, 204)
    assert.equal(listed.headers['access-control-allow-origin'], 'https://a.example')
    assert.equal(listed.headers['access-control-allow-headers'], ALLOWED_HEADERS)
    const other = await app.inject(preflight('/ideas', 'https://evil.example', 'POST'))
    assert.equal(other.statusCode, 204)
    assert.equal(other.headers['access-control-allow-origin'], undefined)
    assert.equal(other.headers['access-control-allow-methods'], METHODS)
  })
})
