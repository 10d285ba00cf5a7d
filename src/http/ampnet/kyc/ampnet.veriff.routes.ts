import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../../core/core.ts'
import { isAppError } from '../../../core/errors.ts'
import type { WebhookCall } from '../../../core/kyc/veriff.service.ts'
import type { VeriffDecision } from '../../../core/kyc/veriff.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { limitRoute } from '../../shared/rate-limit.ts'
import { emptyError, explained, frameworkError } from '../ampnet.errors.ts'

// Veriff. Webhooks are read as raw bytes: the signature covers them exactly.

function decisionBody(decision: VeriffDecision) {
  return {
    session_id: decision.sessionId,
    status: decision.status,
    code: decision.code,
    reason: decision.reason ?? null,
    reason_code: decision.reasonCode ?? null,
    decision_time: decision.decisionTime ?? null,
    acceptance_time: decision.acceptanceTime ?? null,
  }
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

/** The webhook's credentials; a missing header is the framework's 400, as the original's. */
function webhookCall(request: FastifyRequest): WebhookCall {
  const client = header(request, 'x-auth-client')
  const signature = header(request, 'x-signature')
  const hmacSignature = header(request, 'x-hmac-signature')
  if (client === undefined || (signature === undefined && hmacSignature === undefined)) {
    throw frameworkError(400, 'Required request header is not present')
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  return { body, client, signature, hmacSignature }
}

export function veriffRoutes(app: FastifyInstance, core: Core): void {
  const sessionConfig = { auth: 'required', missingUser: 'missing_user' } as const
  app.get('/veriff/session', { config: sessionConfig }, async (request) => {
    const { user } = actorOf(request)
    const coop = await core.tenants.get(user.tenantId)
    try {
      const view = await core.veriff.session(user, coop.identifier)
      const decision = view.decision === undefined ? null : decisionBody(view.decision)
      return { verification_url: view.url, state: view.state, decision }
    } catch (error) {
      if (isAppError(error) && error.code === 'kyc_provider_failed') throw emptyError(502)
      throw error
    }
  })

  app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    webhooks.addHook('onRequest', (request) => limitRoute(core, request, 'webhook'))
    webhooks.post('/veriff/webhook/decision', async (request, reply) => {
      const call = webhookCall(request)
      await explained(core.veriff.decision(call), {
        user_not_found: 'Missing user defined in Veriff decision',
      })
      return reply.code(200).send()
    })

    webhooks.post('/veriff/webhook/event', async (request, reply) => {
      await core.veriff.event(webhookCall(request))
      return reply.code(200).send()
    })
  })
}
