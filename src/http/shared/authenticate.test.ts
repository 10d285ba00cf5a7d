import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { signedInAccount } from '../../../test/support/accounts.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { AppError, isAppError } from '../../core/errors.ts'
import { type CredentialPlaces, optionalActorOf, refusalOf, registerAccess } from './authenticate.ts'

class NoCredential extends Error {}

/** A surface of its own: each route answers who called, errors as `{error}`. */
async function surface(app: TestApp, places: CredentialPlaces): Promise<FastifyInstance> {
  const server = Fastify()
  server.setErrorHandler((error, _request, reply) => {
    if (error instanceof NoCredential) return reply.code(403).send({ error: 'none' })
    return reply.code(401).send({ error: isAppError(error) ? error.code : String(error) })
  })
  registerAccess(server, app.core, places)
  const whoCalls = async (request: Parameters<typeof optionalActorOf>[0]) => ({
    email: optionalActorOf(request)?.user.email ?? null,
    apiKey: optionalActorOf(request)?.apiKey !== undefined,
    refusal: refusalOf(request)?.code ?? null,
  })
  server.get('/required', { config: { auth: 'required' } }, whoCalls)
  server.get('/optional', { config: { auth: 'optional' } }, whoCalls)
  server.get('/keys', { config: { auth: 'required', keys: true } }, whoCalls)
  server.get('/unmarked', whoCalls)
  await server.ready()
  return server
}

describe('the shared access hook', () => {
  let app: TestApp
  let alice: string
  let bob: string
  let key: string
  let gone: string
  before(async () => {
    app = await createTestApp()
    alice = (await signedInAccount(app, 'alice@example.com')).accessToken
    const bobSignedIn = await signedInAccount(app, 'bob@example.com')
    bob = bobSignedIn.accessToken
    const issued = await app.core.identity.apiKeys.issue({
      tenantId: bobSignedIn.user.tenantId,
      userId: bobSignedIn.user.id,
      name: 'k',
      ttlSeconds: undefined,
    })
    key = issued.token
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    gone = app.core.sessions.tokens.issue({
      userId: randomUUID(),
      tenantId,
      sessionId: randomUUID(),
      ttlSeconds: 60,
    })
  })
  after(() => app.close())

  it("takes the users surface's places: the query before the header, a doubled query refused", async () => {
    const server = await surface(app, {
      phase: 'preHandler',
      token: [{ query: 'token' }, { header: 'x-access-token' }],
      missing: () => new NoCredential(),
    })
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const response = await server.inject({ url, headers })
      return [response.statusCode, response.json()]
    }
    const caller = (email: string) => [200, { email, apiKey: false, refusal: null }]
    assert.deepEqual(
      await get(`/required?token=${alice}`, { 'x-access-token': bob }),
      caller('alice@example.com'),
    )
    assert.deepEqual(await get('/required?token=%20', { 'x-access-token': bob }), caller('bob@example.com'))
    assert.deepEqual(await get(`/required?token=${alice}&token=${alice}`), [401, { error: 'invalid_token' }])
    assert.deepEqual(await get('/required'), [403, { error: 'none' }])
    assert.deepEqual(await get('/required?token=nonsense'), [401, { error: 'invalid_token' }])
    // A route that declares no `auth` reads no credential at all.
    assert.deepEqual(await get('/unmarked?token=nonsense'), [
      200,
      { email: null, apiKey: false, refusal: null },
    ])
    await server.close()
  })

  it('lets an API key stand in for the JWT on `keys` routes only; the JWT decides when both come', async () => {
    const server = await surface(app, {
      phase: 'preHandler',
      token: [{ header: 'authorization', scheme: 'maybe-bearer' }],
      apiKey: { header: 'x-authorization' },
      missing: () => new AppError('invalid_token'),
    })
    const get = async (url: string, headers: Record<string, string>) => {
      const response = await server.inject({ url, headers })
      return [response.statusCode, response.json()]
    }
    const bobByKey = [200, { email: 'bob@example.com', apiKey: true, refusal: null }]
    const aliceByJwt = [200, { email: 'alice@example.com', apiKey: false, refusal: null }]
    assert.deepEqual(await get('/keys', { 'x-authorization': key }), bobByKey)
    assert.deepEqual(await get('/required', { 'x-authorization': key }), [401, { error: 'invalid_token' }])
    assert.deepEqual(
      await get('/keys', { authorization: `beArer ${alice}`, 'x-authorization': key }),
      aliceByJwt,
    )
    assert.deepEqual(await get('/required', { authorization: alice }), aliceByJwt)
    assert.deepEqual(await get('/keys', { authorization: 'Bearer nonsense', 'x-authorization': key }), [
      401,
      { error: 'invalid_token' },
    ])
    assert.deepEqual(await get('/keys', { 'x-authorization': 'lk_nonsense' }), [
      401,
      { error: 'invalid_api_key' },
    ])
    // An optional route ignores a bad JWT.
    assert.deepEqual(await get('/optional', { authorization: 'Bearer nonsense' }), [
      200,
      { email: null, apiKey: false, refusal: null },
    ])
    await server.close()
  })

  it("takes AMPnet's pipeline: every route verifies, a gone user is left to the route's admit", async () => {
    const admitted: string[] = []
    const server = await surface(app, {
      phase: 'onRequest',
      token: [{ header: 'authorization', scheme: 'Bearer' }],
      missing: () => new NoCredential(),
      unmarked: 'optional',
      badOptional: 'refuse',
      defers: (refusal) => refusal.code === 'user_not_found',
      admit: (_request, judgement) => void admitted.push('refusal' in judgement ? 'refusal' : 'actor'),
    })
    const get = async (url: string, authorization?: string) => {
      const response = await server.inject({ url, headers: authorization ? { authorization } : {} })
      return [response.statusCode, response.json()]
    }
    assert.deepEqual(await get('/unmarked', 'Bearer nonsense'), [401, { error: 'invalid_token' }])
    assert.deepEqual(await get('/unmarked', `bearer ${alice}`), [
      200,
      { email: null, apiKey: false, refusal: null },
    ])
    assert.deepEqual(await get('/unmarked', `Bearer ${gone}`), [
      200,
      { email: null, apiKey: false, refusal: 'user_not_found' },
    ])
    assert.deepEqual(admitted, [], 'an optional route admits nobody')
    assert.deepEqual(await get('/required', `Basic ${alice}`), [403, { error: 'none' }])
    assert.deepEqual(await get('/required', `Bearer ${gone}`), [
      200,
      { email: null, apiKey: false, refusal: 'user_not_found' },
    ])
    assert.deepEqual(await get('/required', `Bearer ${alice}`), [
      200,
      { email: 'alice@example.com', apiKey: false, refusal: null },
    ])
    assert.deepEqual(admitted, ['refusal', 'actor'])
    await server.close()
  })
})
