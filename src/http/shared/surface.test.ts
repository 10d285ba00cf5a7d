import assert from 'node:assert/strict'
import { it } from 'node:test'
import Fastify from 'fastify'
import Type from 'typebox'
import { AppError } from '../../core/errors.ts'
import { defineRoute } from './define-route.ts'
import type { ErrorFormatter } from './error-handler.ts'
import { mountSurface, type Surface, surfaceDoc } from './surface.ts'

// A surface with two error shapes (a status's schema chosen by status) and a child scope.

const errors: ErrorFormatter = {
  appError: (error) => ({
    status: 401,
    body: error.code === 'invalid_token' ? { code: 1 } : { text: 'no' },
  }),
  wireFailure: (_failure, status) => ({ status, body: { text: 'wire' } }),
  unhandled: () => ({ status: 500, body: { text: 'bug' } }),
}
const coded = Type.Object({ code: Type.Integer() })
const texted = Type.Object({ text: Type.String() })

const failing = (path: string, error: Error) =>
  defineRoute({
    method: 'GET',
    path,
    auth: 'none',
    config: { admitsUnconfirmed: true },
    schema: { response: { 200: Type.Null({ description: 'Never' }) } },
    doc: {
      summary: path,
      // Documented with one shape's example: a body of the other shape must still serialize.
      errors: { 401: { description: 'Either shape', examples: [new AppError('invalid_token')] } },
    },
    handler: async (request) => {
      assert.equal(request.routeOptions.config.admitsUnconfirmed, true)
      throw error
    },
  })

const surface: Surface<object> = {
  title: 'T',
  description: 'D',
  contract: { errors, errorBody: (status) => (status === 401 ? Type.Union([coded, texted]) : coded) },
  places: { phase: 'preHandler', token: [], missing: () => new Error('none') },
  routes: [failing('/top', new AppError('invalid_token'))],
  scopes: [
    {
      prepare: (scope) => {
        scope.addHook('onRequest', async (_request, reply) => void reply.header('x-scope', '1'))
      },
      routes: [failing('/child', new AppError('invalid_api_key'))],
    },
  ],
}

it('mounts and documents the child scopes, and serializes any shape the status admits', async () => {
  const app = Fastify()
  await app.register(async (scope) => mountSurface(scope, {} as never, surface, {}))
  try {
    const top = await app.inject({ url: '/top' })
    assert.equal(top.statusCode, 401)
    assert.equal(top.body, '{"code":1}')
    assert.equal(top.headers['x-scope'], undefined)
    const child = await app.inject({ url: '/child' })
    assert.equal(child.statusCode, 401)
    assert.equal(child.body, '{"text":"no"}')
    assert.equal(child.headers['x-scope'], '1')
    assert.deepEqual(Object.keys(surfaceDoc(surface).operations).sort(), ['GET /child', 'GET /top'])
  } finally {
    await app.close()
  }
})
