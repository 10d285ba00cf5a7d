import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { ampnetDoc } from '../ampnet/ampnet.api.ts'
import { authheaderDoc } from '../authheader/authheader.api.ts'
import { ideapoolDoc } from '../ideapool/ideapool.api.ts'
import { usersDoc } from '../users/users.api.ts'
import { openApiDocument, type RouteCollector, type Surface, type SurfaceDoc } from './openapi.ts'

export const SURFACE_DOCS: Readonly<Record<Surface, SurfaceDoc>> = {
  ideapool: ideapoolDoc,
  authheader: authheaderDoc,
  users: usersDoc,
  ampnet: ampnetDoc,
}

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string }

// Swagger UI's files, read on first request and kept: no app pays for them until /docs is opened.
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const
const assetCache = new Map<string, Promise<Buffer>>()

function asset(name: keyof typeof ASSETS): Promise<Buffer> {
  let content = assetCache.get(name)
  if (content === undefined) {
    content = readFile(join(swaggerUiDir, name))
    assetCache.set(name, content)
  }
  return content
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Latchkey API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`

// No validator badge: it would call validator.swagger.io, and Latchkey may run with no internet.
const initScript = (surfaces: readonly Surface[]) => `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(surfaces.map((surface) => ({ name: surface, url: `/openapi/${surface}.json` })))},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
})
`

/** `GET /openapi/<surface>.json` for each enabled surface, and Swagger UI at `GET /docs`. */
export async function docsRoutes(app: FastifyInstance, { collector }: { collector: RouteCollector }) {
  const documents = new Map<Surface, Record<string, unknown>>()
  // Built on first request: by then every surface has registered its routes.
  const documentOf = (surface: Surface) => {
    let document = documents.get(surface)
    if (document === undefined) {
      const generated = collector.generatedDocumentOf(surface)
      document =
        generated === undefined
          ? openApiDocument(SURFACE_DOCS[surface], collector.routesOf(surface), version)
          : { ...generated, info: { ...(generated.info as object), version } }
      documents.set(surface, document)
    }
    return document
  }
  app.get('/openapi/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    const surface = collector.surfaces().find((name) => file === `${name}.json`)
    if (surface === undefined) return reply.callNotFound()
    return documentOf(surface)
  })
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE))
  app.get('/docs/init.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(initScript(collector.surfaces())),
  )
  for (const [name, type] of Object.entries(ASSETS)) {
    app.get(`/docs/${name}`, async (_request, reply) =>
      reply.type(type).send(await asset(name as keyof typeof ASSETS)),
    )
  }
}
