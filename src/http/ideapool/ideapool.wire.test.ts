import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import Fastify from 'fastify'
import { ideaBody, ideaListSchema, ideaSchema, meSchema, refreshedBody, tokensBody } from './ideapool.wire.ts'

test("GET /ideas's response schema writes the same bytes as JSON.stringify, whatever the content", async () => {
  // The route's serializer, as Fastify compiles it from the schema; the handler hands it the body.
  const app = Fastify()
  let body: unknown[] = []
  app.get('/ideas', { schema: { response: { 200: ideaListSchema } } }, async () => body)
  const score = fc.integer({ min: 1, max: 10 })
  const idea = fc.record({
    id: fc.uuid(),
    userId: fc.uuid(),
    // Every code unit, lone surrogates, quotes and line separators included.
    content: fc.string({ unit: 'binary', maxLength: 300 }),
    impact: score,
    ease: score,
    confidence: score,
    createdAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
    updatedAt: fc.constant(new Date(0)),
  })
  await fc.assert(
    fc.asyncProperty(fc.array(idea, { maxLength: 10 }), async (ideas) => {
      body = ideas.map(ideaBody)
      const response = await app.inject({ method: 'GET', url: '/ideas' })
      assert.equal(response.body, JSON.stringify(body))
    }),
    { numRuns: 300 },
  )
  await app.close()
})

test('the other response schemas write the same bytes as JSON.stringify, whatever the strings', async () => {
  const app = Fastify()
  let body: unknown = null
  const schemas = { idea: ideaSchema, me: meSchema, tokens: tokensBody('t'), refreshed: refreshedBody }
  for (const [name, schema] of Object.entries(schemas))
    app.get(`/${name}`, { schema: { response: { 200: schema } } }, async () => body)
  const text = fc.string({ unit: 'binary', maxLength: 100 })
  const idea = fc.record({
    id: fc.uuid(),
    userId: fc.uuid(),
    content: text,
    impact: fc.integer({ min: 1, max: 10 }),
    ease: fc.integer({ min: 1, max: 10 }),
    confidence: fc.integer({ min: 1, max: 10 }),
    createdAt: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
    updatedAt: fc.constant(new Date(0)),
  })
  const bodies = fc.oneof(
    idea.map((value) => ['idea', ideaBody(value)] as const),
    fc.record({ email: text, name: text, avatar_url: text }).map((value) => ['me', value] as const),
    fc.record({ jwt: text, refresh_token: text }).map((value) => ['tokens', value] as const),
    fc.record({ jwt: text }).map((value) => ['refreshed', value] as const),
  )
  await fc.assert(
    fc.asyncProperty(bodies, async ([name, value]) => {
      body = value
      const response = await app.inject({ method: 'GET', url: `/${name}` })
      assert.equal(response.body, JSON.stringify(value))
    }),
    { numRuns: 300 },
  )
  await app.close()
})
