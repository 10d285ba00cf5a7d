import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError, isAppError } from '../../../core/errors.ts'
import { defineRoute } from '../../shared/define-route.ts'
import { refusalDocs } from '../../shared/refusal-docs.ts'
import { emptySuccess, openErrors } from '../ampnet.contract.ts'
import { frameworkError } from '../ampnet.errors.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'
import { kycSessionRoute } from './ampnet.kyc.ts'

// Identyum. Its report failures are the original's 422 text/plain, never
// with the report's content in them.

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

const missingHeader = () => frameworkError(400, 'Required request header is not present')

// Sent as text: no schema serializes it.
const rejected = Type.Unsafe<never>({
  description: 'Rejected report',
  content: { 'text/plain': { schema: { type: 'string', description: 'Error: …\\n Cause: …' } } },
})

const credentialsSchema = Type.Object(
  {
    web_component_url: Type.Union([Type.String(), Type.Null()]),
    credentials: Type.Unknown({ description: "Identyum's token response" }),
  },
  { description: 'Credentials' },
)

const token = kycSessionRoute({
  path: '/identyum/token',
  summary: 'Identyum web-component credentials',
  response: credentialsSchema,
  failed: { description: '0108 Identyum failed', examples: [new AppError('kyc_provider_failed')] },
  session: async (core, user) => {
    const { webComponentUrl, credentials } = await core.kyc.identyum.token(user.id)
    return { web_component_url: webComponentUrl ?? null, credentials }
  },
})

/** Registered in a raw-body scope (ampnet.raw-body.ts). */
const report = defineRoute({
  method: 'POST',
  path: '/identyum',
  auth: 'optional',
  limit: 'webhook',
  schema: {
    headers: Type.Object({
      'secret-key': Type.String({ description: 'RSA-wrapped AES key' }),
      signature: Type.String({ description: 'RSA signature' }),
    }),
    body: Type.String({ description: 'Base64 AES-encrypted report' }),
    consumes: ['text/plain'],
    response: {
      200: emptySuccess('Recorded'),
      422: rejected,
    },
  },
  doc: {
    summary: "Identyum's encrypted report",
    errors: openErrors({
      400: { description: 'framework: a header is missing', examples: [missingHeader()] },
      429: refusalDocs.limited,
    }),
  },
  handler: async (request, reply, { core }: AmpnetDeps) => {
    const secretKey = header(request, 'secret-key')
    const signature = header(request, 'signature')
    if (secretKey === undefined || signature === undefined) throw missingHeader()
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    try {
      await core.kyc.identyum.receive(body, secretKey, signature)
    } catch (error) {
      if (!isAppError(error) || error.code !== 'kyc_report_rejected') throw error
      const cause = error.details.problems?.[0]?.problem ?? 'unknown'
      return reply
        .code(422)
        .type('text/plain; charset=utf-8')
        .send(`Error: Could not process Identyum report\n Cause: ${cause}`)
    }
    return reply.code(200).send()
  },
})

export const identyumRoutes = [token]
export const identyumReportRoutes = [report]
