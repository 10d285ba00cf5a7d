import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import Type from 'typebox'
import { AppError, validationError } from '../../core/errors.ts'
import { createBinder } from './binder.ts'
import { defineRoute, mountRoutes, type RouteDefinition, type SurfaceContract } from './define-route.ts'
import { createErrorHandler, type ErrorFormatter } from './error-handler.ts'
import { registerSurfaceDocs } from './route-docs.ts'

const errors: ErrorFormatter = {
  appError: (error) =>
    error.code === 'validation_failed'
      ? { status: 422, body: { reason: error.details.problems?.map(({ field }) => field).join(',') } }
      : { status: error.code === 'rate_limited' ? 429 : 401, body: { reason: error.code } },
  wireFailure: (failure, status) => ({ status, body: { reason: failure } }),
  unhandled: () => ({ status: 500, body: { reason: 'bug' } }),
}
const contract: SurfaceContract = { errors, errorBody: Type.Object({ reason: Type.String() }) }

const nameBody = Type.Object({ name: Type.String() })
const greeting = Type.Object({ hello: Type.String(), n: Type.Number() }, { description: 'Greeted' })

const greet = defineRoute({
  method: 'POST',
  path: '/greet',
  auth: 'optional',
  limit: 'signUp',
  schema: { body: nameBody, response: { 200: greeting } },
  doc: {
    summary: 'Greet',
    errors: {
      401: { description: 'Bad token', examples: [new AppError('invalid_token')] },
      422: {
        description: 'Bad input',
        examples: [validationError([{ field: 'name', problem: 'is required' }])],
      },
      429: {
        description: 'Limited',
        examples: [new AppError('rate_limited', { retryAfterSeconds: 3 })],
        retryAfter: { description: 'Seconds', always: true },
      },
    },
  },
  handler: async (request, _reply, deps: { n: number }) => {
    const binder = createBinder(request.body)
    const { name } = binder.strings(['name'])
    if (binder.problems.length > 0) throw validationError(binder.problems)
    // The secret is not in the response schema: it must not reach the wire.
    return { secret: 'x', n: deps.n, hello: name } as { hello: string; n: number }
  },
})

interface Operation {
  readonly operationId: string
  readonly responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: unknown }
  >
}

async function surface(definition = greet) {
  const app = Fastify()
  const configs: unknown[] = []
  app.addHook('onRoute', (route) => {
    if (route.method === 'POST') configs.push(route.config)
  })
  await registerSurfaceDocs(app, { title: 't', description: 'd', securitySchemes: {} })
  app.setErrorHandler(createErrorHandler(errors))
  mountRoutes(app, [definition], contract, { n: 2 })
  await app.ready()
  return { app, configs }
}

describe('defineRoute', () => {
  it('refuses a rate-limited route without a documented 429', () => {
    assert.throws(
      () =>
        defineRoute({
          ...greet,
          doc: { summary: 'Greet', errors: {} },
          handler: async () => ({ hello: 'a', n: 1 }),
        }),
      /limited by signUp, 429 undocumented/,
    )
  })

  it('refuses a documented status the surface would not answer with its example', async () => {
    const wrong: RouteDefinition<{ n: number }> = {
      ...greet,
      doc: {
        ...greet.doc,
        errors: { 403: { description: 'Forbidden', examples: [new AppError('invalid_token')] } },
      },
    }
    await assert.rejects(surface(wrong), /invalid_token is no 403/)
  })

  it("leaves bad input to the surface's binder and serializes successes by their schema", async () => {
    const { app } = await surface()
    const bad = await app.inject({ method: 'POST', url: '/greet', payload: { name: 5 } })
    assert.equal(bad.statusCode, 422)
    assert.equal(bad.body, '{"reason":"name"}')
    const good = await app.inject({ method: 'POST', url: '/greet', payload: { name: 'a' } })
    assert.equal(good.statusCode, 200)
    assert.equal(good.body, '{"hello":"a","n":2}')
  })

  it('puts auth and the rate category in the route config for the shared hooks', async () => {
    const { configs } = await surface()
    assert.deepEqual(configs, [{ auth: 'optional', limit: 'signUp' }])
  })

  it('puts keys in the route config when an API key may stand in for the token', async () => {
    const { configs } = await surface({ ...greet, keys: true })
    assert.deepEqual(configs, [{ auth: 'optional', keys: true, limit: 'signUp' }])
  })

  it("constrains the route as the surface's deps say, and not at all when they say nothing", async () => {
    const versioned = {
      ...greet,
      constraints: ({ n }: { n: number }) => (n === 2 ? { version: '1.0.0' } : undefined),
    }
    const { app } = await surface(versioned)
    const payload = { name: 'a' }
    assert.equal((await app.inject({ method: 'POST', url: '/greet', payload })).statusCode, 404)
    const headers = { 'accept-version': '1.0.0' }
    assert.equal((await app.inject({ method: 'POST', url: '/greet', payload, headers })).statusCode, 200)
    const open = Fastify()
    mountRoutes(open, [versioned], contract, { n: 3 })
    assert.equal((await open.inject({ method: 'POST', url: '/greet', payload })).statusCode, 200)
  })

  it('documents each error status with the body the surface renders for it', async () => {
    const { app } = await surface()
    const document = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
    const operation = document.paths['/greet']?.post
    assert.ok(operation)
    assert.equal(operation.operationId, 'postGreet')
    assert.deepEqual(Object.keys(operation.responses).sort(), ['200', '401', '422', '429'])
    assert.equal(operation.responses['200']?.description, 'Greeted')
    assert.match(JSON.stringify(operation.responses['422']?.content), /"example":\{"reason":"name"\}/)
    assert.deepEqual(operation.responses['429']?.headers, {
      'Retry-After': { schema: { type: 'integer', minimum: 1 }, description: 'Seconds', required: true },
    })
  })
})
