import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { Core } from '../../../core/core.ts'
import { AppError, isAppError } from '../../../core/errors.ts'
import type { WebhookCall } from '../../../core/kyc/veriff.service.ts'
import { VERIFF_DECISION_DETAILS, type VeriffDecision } from '../../../core/kyc/veriff.ts'
import { snakeOrNull } from '../../../core/shared/snake-case.ts'
import { defineRoute, type ErrorDoc } from '../../shared/define-route.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { answeredEmpty, emptyDoc, emptySuccess, openErrors, serverFault } from '../ampnet.contract.ts'
import { ampnetError, emptyError, explained, frameworkError } from '../ampnet.errors.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'
import { kycSessionRoute } from './ampnet.kyc.ts'

// Veriff. Webhooks are read as raw bytes: the signature covers them exactly.

const nullableString = Type.Union([Type.String(), Type.Null()])

// Property order is wire order.
const decisionSchema = Type.Object({
  session_id: Type.String(),
  status: Type.String(),
  code: Type.Number(),
  reason: nullableString,
  reason_code: Type.Union([Type.Number(), Type.Null()]),
  decision_time: nullableString,
  acceptance_time: nullableString,
})

function decisionBody(decision: VeriffDecision): Type.Static<typeof decisionSchema> {
  return {
    session_id: decision.sessionId,
    status: decision.status,
    code: decision.code,
    ...snakeOrNull(decision, VERIFF_DECISION_DETAILS),
  }
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

const missingHeader = () => frameworkError(400, 'Required request header is not present')

/** The webhook's credentials; a missing header is the framework's 400, as the original's. */
function webhookCall(request: FastifyRequest): WebhookCall {
  const client = header(request, 'x-auth-client')
  const signature = header(request, 'x-signature')
  const hmacSignature = header(request, 'x-hmac-signature')
  if (client === undefined || (signature === undefined && hmacSignature === undefined)) {
    throw missingHeader()
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  return { body, client, signature, hmacSignature }
}

const sessionSchema = Type.Object(
  {
    verification_url: nullableString,
    state: Type.String(),
    decision: Type.Union([decisionSchema, Type.Null()]),
  },
  { description: 'The session' },
)

const session = kycSessionRoute({
  path: '/veriff/session',
  summary: 'The Veriff verification session',
  response: sessionSchema,
  failed: emptyDoc(502, 'Veriff could not create a session'),
  session: async (core, user) => {
    const coop = await core.tenants.tenants.get(user.tenantId)
    try {
      const view = await core.kyc.veriff.session(user, coop.identifier)
      const decision = view.decision === undefined ? null : decisionBody(view.decision)
      return { verification_url: view.url, state: view.state, decision }
    } catch (error) {
      if (isAppError(error) && error.code === 'kyc_provider_failed') throw emptyError(502)
      throw error
    }
  },
})

const webhookHeaders = Type.Object({
  'x-auth-client': Type.String({ description: 'Veriff integration API key' }),
  'x-signature': Type.String({ description: 'HMAC of the raw body (or X-HMAC-SIGNATURE)' }),
})
const badCall = {
  description: 'Bad client, signature or payload (empty); framework: a header is missing',
  examples: [emptyError(400), missingHeader()],
} as const

/** Veriff's `decision` and `event` webhooks, alike but for what is done with the call and how it fails. */
function webhookRoute(
  kind: 'decision' | 'event',
  errors: Readonly<Record<number, ErrorDoc>>,
  receive: (core: Core, call: WebhookCall) => Promise<unknown>,
) {
  return defineRoute({
    method: 'POST',
    path: `/veriff/webhook/${kind}`,
    auth: 'optional',
    limit: 'webhook',
    schema: {
      headers: webhookHeaders,
      body: Type.Object({}, { additionalProperties: true, description: `Veriff's ${kind}` }),
      response: { 200: emptySuccess('Recorded') },
    },
    doc: { summary: `Veriff's ${kind} webhook`, errors: openErrors({ ...errors, 429: refusalDocs.limited }) },
    handler: answeredEmpty((request, { core }: AmpnetDeps) => receive(core, webhookCall(request))),
  })
}

const decision = webhookRoute(
  'decision',
  {
    400: {
      description: `${badCall.description}; 0301 the user is gone`,
      examples: [...badCall.examples, ampnetError('0301', 'Missing user defined in Veriff decision')],
    },
    500: {
      description: '0111 the decision lacks the names; framework: a fault',
      examples: [new AppError('kyc_names_missing'), serverFault()],
    },
  },
  (core, call) =>
    explained(core.kyc.veriff.decision(call), { user_not_found: 'Missing user defined in Veriff decision' }),
)

const event = webhookRoute('event', { 400: badCall, 404: emptyDoc(404, 'Unknown session') }, (core, call) =>
  core.kyc.veriff.event(call),
)

export const veriffRoutes = [session]
/** Registered in a raw-body scope (ampnet.raw-body.ts). */
export const veriffWebhookRoutes = [decision, event]
