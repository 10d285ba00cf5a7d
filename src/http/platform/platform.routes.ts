import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'
import { classifyWireFailure, wireFailureStatus } from '../shared/framework-errors.ts'

export interface PlatformOptions {
  readonly core: Core
  /** Database reachable and migrations applied. */
  readonly isReady: () => Promise<boolean>
}

/** Endpoints of the server itself, outside every surface. */
export async function platformRoutes(
  app: FastifyInstance,
  { core, isReady }: PlatformOptions,
): Promise<void> {
  // The root's own body, as for an unknown route: e.g. NUL in the query (url-guard.ts) is a 400 here too.
  app.setErrorHandler((error, request, reply) => {
    const failure = classifyWireFailure(error)
    if (failure !== undefined) {
      return reply
        .code(wireFailureStatus[failure])
        .send({ error: 'bad_request', message: 'The request is not valid' })
    }
    request.log.error({ err: error }, 'platform route failed')
    return reply
      .code(500)
      .send({ error: 'internal', message: `Internal server error (request ${request.id})` })
  })

  app.get('/health', async () => ({ status: 'ok' }))

  app.get('/ready', async (_request, reply) => {
    const ready = await isReady().catch(() => false)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' })
  })

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    // Public keys may be cached briefly; rotation publishes a new key before it signs anything.
    return reply
      .header('cache-control', 'public, max-age=300')
      .send({ keys: core.sessions.keyRing.publicJwks() })
  })
}
