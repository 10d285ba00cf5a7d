import { createHash, createHmac, randomUUID } from 'node:crypto'
import { type FakeFailure, playFailure, sendJson, startFakeServer } from './fake-http.ts'

// Veriff as its API documentation describes it: POST /v1/sessions authenticated by X-AUTH-CLIENT
// (and, when sent, X-HMAC-SIGNATURE over the body), answering {status, verification{id, url, …}};
// webhooks signed with X-HMAC-SIGNATURE = hex HMAC-SHA256(shared secret, body), or with the
// original X-SIGNATURE = hex SHA-256(body + secret).

export const VERIFF_API_KEY = 'veriff-test-api-key'
export const VERIFF_SECRET = 'veriff-test-shared-secret'

export interface CreatedSessionRequest {
  /** The session id the fake gave (verification.id). */
  readonly id: string
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: { verification: Record<string, unknown> }
}

export type SignedAs = 'hmac' | 'legacy' | 'both' | 'wrong' | 'none'

export interface WebhookOptions {
  readonly signedAs?: SignedAs
  readonly client?: string
}

export interface FakeVeriff {
  readonly url: string
  readonly sessions: CreatedSessionRequest[]
  /** Makes the next session creations fail this way. */
  failure: FakeFailure | undefined
  /** POSTs a webhook body to `url` as Veriff would; resolves with Latchkey's answer. */
  post(url: string, payload: unknown, options?: WebhookOptions): Promise<{ status: number; body: string }>
  close(): Promise<void>
}

/** Settings that point Latchkey's Veriff client at the fake. */
export const veriffEnv = (veriff: FakeVeriff) => ({
  VERIFF_BASE_URL: veriff.url,
  VERIFF_API_KEY,
  VERIFF_SECRET,
})

export const hmacHex = (body: string) => createHmac('sha256', VERIFF_SECRET).update(body).digest('hex')
export const legacyHex = (body: string) =>
  createHash('sha256')
    .update(body + VERIFF_SECRET)
    .digest('hex')

export function signatureHeaders(body: string, signedAs: SignedAs): Record<string, string> {
  if (signedAs === 'none') return {}
  if (signedAs === 'wrong') return { 'x-hmac-signature': hmacHex(`${body} `) }
  return {
    ...(signedAs !== 'legacy' && { 'x-hmac-signature': hmacHex(body) }),
    ...(signedAs !== 'hmac' && { 'x-signature': legacyHex(body) }),
  }
}

export async function startFakeVeriff(): Promise<FakeVeriff> {
  const sessions: CreatedSessionRequest[] = []
  const state = { failure: undefined as FakeFailure | undefined }
  const server = await startFakeServer((request, response) => {
    if (request.method !== 'POST' || !/^\/v1\/sessions\/?$/.test(request.path)) {
      return sendJson(response, 404, { status: 'fail', code: 1404, message: 'Not found' })
    }
    if (playFailure(response, state.failure)) return
    if (request.headers['x-auth-client'] !== VERIFF_API_KEY) {
      return sendJson(response, 401, {
        status: 'fail',
        code: 1801,
        message: 'Mandatory X-AUTH-CLIENT header containing the API key is missing from the request.',
      })
    }
    const hmac = request.headers['x-hmac-signature']
    if (hmac !== undefined && hmac !== hmacHex(request.body.toString('utf8'))) {
      return sendJson(response, 401, {
        status: 'fail',
        code: 1812,
        message: 'Signature does not match the SHA256 hash of query ID and integration API secret.',
      })
    }
    const body = JSON.parse(request.body.toString('utf8'))
    if (typeof body?.verification !== 'object' || body.verification === null) {
      return sendJson(response, 400, {
        status: 'fail',
        code: 1102,
        message: 'Mandatory parameters are missing from the request.',
      })
    }
    const id = randomUUID()
    sessions.push({ id, headers: request.headers, body })
    const token = createHash('sha256').update(id).digest('base64url')
    sendJson(response, 201, {
      status: 'success',
      verification: {
        id,
        url: `https://alchemy.veriff.com/v/${token}`,
        vendorData: body.verification.vendorData ?? null,
        host: 'https://alchemy.veriff.com',
        status: 'created',
        sessionToken: token,
      },
    })
  })
  return {
    url: server.url,
    sessions,
    get failure() {
      return state.failure
    },
    set failure(value) {
      state.failure = value
    },
    async post(url, payload, options = {}) {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.client !== '' && { 'x-auth-client': options.client ?? VERIFF_API_KEY }),
          ...signatureHeaders(body, options.signedAs ?? 'hmac'),
        },
        body,
      })
      return { status: response.status, body: await response.text() }
    },
    close: server.close,
  }
}

/** A decision webhook body as Veriff documents it (approved: SARAH MORGAN's driving licence). */
export function decisionPayload(
  sessionId: string,
  vendorData: string | null,
  status = 'approved',
  extra: Record<string, unknown> = {},
) {
  const codes: Record<string, number> = {
    approved: 9001,
    declined: 9102,
    resubmission_requested: 9103,
    expired: 9104,
    abandoned: 9104,
  }
  return {
    status: 'success',
    verification: {
      id: sessionId,
      attemptId: randomUUID(),
      code: codes[status] ?? 9001,
      person: {
        firstName: 'SARAH',
        lastName: 'MORGAN',
        idNumber: null,
        dateOfBirth: '1967-03-30',
        nationality: 'GB',
        placeOfBirth: 'MADRID',
        gender: null,
      },
      reason: status === 'declined' ? 'Physical document not used' : null,
      status,
      comments: [],
      document: {
        type: 'DRIVERS_LICENSE',
        number: 'MORGA753116SM9IJ',
        country: 'GB',
        validFrom: null,
        validUntil: '2022-04-20',
      },
      reasonCode: status === 'declined' ? 101 : null,
      vendorData,
      decisionTime: '2020-12-04T10:45:37.907Z',
      acceptanceTime: '2020-12-04T10:45:31.000Z',
      additionalVerifiedData: {},
      riskLabels: [],
      ...extra,
    },
    technicalData: { ip: '186.153.67.122' },
  }
}

export function eventPayload(
  sessionId: string,
  action: 'started' | 'submitted',
  vendorData: string | null = null,
) {
  return {
    id: sessionId,
    attemptId: randomUUID(),
    feature: 'selfid',
    code: action === 'started' ? 7001 : 7002,
    action,
    vendorData,
  }
}
