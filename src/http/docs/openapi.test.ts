import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { ME_CREDENTIAL } from '../shared/me-credential.ts'
import { SURFACE_DOCS } from './docs.routes.ts'
import { operationKey, SURFACES } from './openapi.ts'

// The documents do not touch the database: these run on SQLite only.

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, unknown>; 'x-undocumented'?: true }>>
}

const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1')

async function documentOf(app: TestApp, surface: string): Promise<Document> {
  const response = await app.inject({ url: `/openapi/${surface}.json` })
  assert.equal(response.statusCode, 200)
  return response.json() as Document
}

describe('OpenAPI documents, every surface at /', () => {
  let app: TestApp
  before(async () => {
    app = await createTestApp()
  })
  after(() => app.close())

  for (const surface of SURFACES) {
    it(`${surface}: describes every registered route with its documented statuses, and nothing else`, async () => {
      const document = await documentOf(app, surface)
      const served = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          operation,
        })),
      )
      const descriptions = SURFACE_DOCS[surface].operations
      for (const { method, path, operation } of served) {
        assert.equal(operation['x-undocumented'], undefined, `${method} ${path} has no description`)
        const described = descriptions[operationKey(method, fastifyPath(path))]
        assert.ok(described, `${method} ${path}`)
        assert.deepEqual(Object.keys(operation.responses).sort(), Object.keys(described.responses).sort())
        // The shared `/me` is one route per surface, told apart by the credential it carries.
        const constraints =
          path === '/me'
            ? { [ME_CREDENTIAL]: surface === 'ideapool' ? 'x-access-token' : 'other' }
            : undefined
        assert.ok(
          app.server.hasRoute({ method, url: fastifyPath(path), ...(constraints && { constraints }) }),
          `${method} ${path} is not served`,
        )
      }
      // A description of a route that is not registered would be left out of the document silently.
      assert.deepEqual(
        served.map(({ method, path }) => operationKey(method, fastifyPath(path))).sort(),
        Object.keys(descriptions).sort(),
      )
    })

    it(`${surface}: an anonymous call to each route answers one of its documented statuses`, async () => {
      const document = await documentOf(app, surface)
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          // `/me` goes to AMPnet without X-Access-Token: send it for Idea Pool's.
          const headers = surface === 'ideapool' ? { 'x-access-token': 'not-a-jwt' } : undefined
          const url = path.replace(/\{[^}]+\}/g, 'x')
          const response = await app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            ...(headers && { headers }),
          })
          assert.ok(
            String(response.statusCode) in operation.responses,
            `${method.toUpperCase()} ${path} answered ${response.statusCode}, documented ${Object.keys(operation.responses)}`,
          )
        }
      }
    })
  }

  it('documents the shared GET /me in both Idea Pool and AMPnet', async () => {
    assert.equal((await documentOf(app, 'ideapool')).paths['/me']?.get?.responses['401'] !== undefined, true)
    assert.equal((await documentOf(app, 'ampnet')).paths['/me']?.get?.responses['404'] !== undefined, true)
  })

  it('serves Swagger UI at /docs with a selector of the four documents, from local files', async () => {
    const page = await app.inject({ url: '/docs' })
    assert.equal(page.statusCode, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.doesNotMatch(page.body, /https?:\/\//)
    const init = await app.inject({ url: '/docs/init.js' })
    for (const surface of SURFACES) assert.ok(init.body.includes(`"url":"/openapi/${surface}.json"`))
    const bundle = await app.inject({ url: '/docs/swagger-ui-bundle.js' })
    assert.equal(bundle.statusCode, 200)
    assert.match(String(bundle.headers['content-type']), /^text\/javascript/)
  })

  it('answers 404 for a document of no surface', async () => {
    assert.equal((await app.inject({ url: '/openapi/other.json' })).statusCode, 404)
  })
})

it('follows each surface prefix and leaves out disabled surfaces', async () => {
  const app = await createTestApp({
    env: { IDEAPOOL_PREFIX: '/ip', AMPNET_PREFIX: '/amp', USERS_ENABLED: 'false' },
  })
  try {
    const ideapool = await documentOf(app, 'ideapool')
    assert.ok(Object.keys(ideapool.paths).every((path) => path.startsWith('/ip/')))
    assert.ok(ideapool.paths['/ip/ideas/{id}']?.put)
    assert.ok((await documentOf(app, 'ampnet')).paths['/amp/me']?.get)
    assert.equal((await app.inject({ url: '/openapi/users.json' })).statusCode, 404)
    const init = await app.inject({ url: '/docs/init.js' })
    assert.ok(!init.body.includes('/openapi/users.json'))
  } finally {
    await app.close()
  }
})

it('serves no docs with DOCS_ENABLED=false', async () => {
  const app = await createTestApp({ env: { DOCS_ENABLED: 'false' } })
  try {
    assert.equal((await app.inject({ url: '/docs' })).statusCode, 404)
    assert.equal((await app.inject({ url: '/openapi/ideapool.json' })).statusCode, 404)
  } finally {
    await app.close()
  }
})
