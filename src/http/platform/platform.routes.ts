import type { FastifyInstance } from 'fastify'
import type { Core } from '../../core/core.ts'

export interface PlatformOptions {
  readonly core: Core
  /** Database reachable and migrations applied. */
  readonly isReady: () => Promise<boolean>
}

/** Endpoints of the server itself, outside every surface (specs README, point 8). */
export async function platformRoutes(
  app: FastifyInstance,
  { core, isReady }: PlatformOptions,
): Promise<void> {
  app.get('/health', async () => ({ status: 'ok' }))

  app.get('/ready', async (_request, reply) => {
    const ready = await isReady().catch(() => false)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' })
  })

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    // Public keys may be cached briefly; rotation publishes a new key before it signs anything.
    return reply.header('cache-control', 'public, max-age=300').send({ keys: core.keyRing.publicJwks() })
  })
}
