import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import Fastify from 'fastify'
import { ideaBody, ideaListSchema } from './ideapool.wire.ts'

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
