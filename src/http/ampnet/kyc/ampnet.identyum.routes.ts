import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { isAppError } from '../../../core/errors.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { limitRoute } from '../../shared/rate-limit.ts'
import { frameworkError } from '../ampnet.errors.ts'

// Identyum. Its report failures are the original's 422 text/plain, never
// with the report's content in them.

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

export function identyumRoutes(app: FastifyInstance, core: Core): void {
  const tokenConfig = { auth: 'required', missingUser: 'missing_user' } as const
  app.get('/identyum/token', { config: tokenConfig }, async (request) => {
    const { user } = actorOf(request)
    const { webComponentUrl, credentials } = await core.identyum.token(user.id)
    return { web_component_url: webComponentUrl ?? null, credentials }
  })

  app.register(async (reports) => {
    reports.removeAllContentTypeParsers()
    reports.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    reports.addHook('onRequest', (request) => limitRoute(core, request, 'webhook'))
    reports.post('/identyum', async (request, reply) => {
      const secretKey = header(request, 'secret-key')
      const signature = header(request, 'signature')
      if (secretKey === undefined || signature === undefined) {
        throw frameworkError(400, 'Required request header is not present')
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      try {
        await core.identyum.receive(body, secretKey, signature)
      } catch (error) {
        if (!isAppError(error) || error.code !== 'kyc_report_rejected') throw error
        const cause = error.details.problems?.[0]?.problem ?? 'unknown'
        return reply
          .code(422)
          .type('text/plain; charset=utf-8')
          .send(`Error: Could not process Identyum report\n Cause: ${cause}`)
      }
      return reply.code(200).send()
    })
  })
}
