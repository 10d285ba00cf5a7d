import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import { AppError } from '../../core/errors.ts'
import { createErrorHandler, type ErrorFormatter } from './error-handler.ts'

class OwnError extends Error {}

const formatter: ErrorFormatter = {
  appError: (error) => ({ status: error.code === 'rate_limited' ? 429 : 401, body: { code: error.code } }),
  own: (error) => (error instanceof OwnError ? { status: 418 } : undefined),
  wireFailure: (failure, status) => ({ status, body: { failure } }),
  unhandled: (request) => ({ status: 500, body: { id: request.id } }),
}

async function appThrowing(error: Error, logged: string[] = []) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk))
      done()
    },
  })
  const app = Fastify({ logger: { level: 'error', stream } })
  app.setErrorHandler(createErrorHandler(formatter))
  app.get('/', async () => {
    throw error
  })
  app.post('/', async () => ({}))
  await app.ready()
  return app
}

describe('createErrorHandler', () => {
  it('renders a core failure by the formatter, with Retry-After when the core gives one', async () => {
    const app = await appThrowing(new AppError('rate_limited', { retryAfterSeconds: 7 }))
    const response = await app.inject({ url: '/' })
    assert.equal(response.statusCode, 429)
    assert.equal(response.headers['retry-after'], '7')
    assert.equal(response.body, '{"code":"rate_limited"}')
    const plain = await appThrowing(new AppError('invalid_token'))
    const refused = await plain.inject({ url: '/' })
    assert.equal(refused.statusCode, 401)
    assert.equal(refused.headers['retry-after'], undefined)
  })

  it("sends the surface's own errors as it renders them, an absent body as an empty response", async () => {
    const response = await (await appThrowing(new OwnError())).inject({ url: '/' })
    assert.equal(response.statusCode, 418)
    assert.equal(response.body, '')
  })

  it('renders what Fastify refuses before the handler with the failure status', async () => {
    const app = await appThrowing(new Error('unused'))
    const response = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    })
    assert.equal(response.statusCode, 400)
    assert.equal(response.body, '{"failure":"malformed_body"}')
  })

  it('answers anything else with the 500 naming the request, and logs the cause', async () => {
    const logged: string[] = []
    const app = await appThrowing(new Error('database on fire'), logged)
    const response = await app.inject({ url: '/' })
    assert.equal(response.statusCode, 500)
    assert.match(response.json().id, /^req-/)
    assert.doesNotMatch(response.body, /on fire/)
    assert.ok(logged.some((line) => line.includes('database on fire') && line.includes('unhandled error')))
  })
})
