import { AppError } from '../errors.ts'
import { isRecord } from './kyc.ts'
import { postJson } from './provider-http.ts'
import { hmacSignature, legacySignature } from './veriff-signature.ts'

export interface VeriffSettings {
  /** e.g. https://stationapi.veriff.com */
  readonly baseUrl: string
  /** The integration's API key (X-AUTH-CLIENT); undefined: Veriff is not configured. */
  readonly apiKey: string | undefined
  /** The integration's shared secret key; undefined: Veriff is not configured. */
  readonly secret: string | undefined
  readonly timeoutMs: number
}

export interface NewSessionRequest {
  /** Where Veriff sends the user when they are done; empty: Veriff's default. */
  readonly callback: string
  readonly firstName: string | undefined
  readonly lastName: string | undefined
  /** Our user id: Veriff echoes it in its webhooks. */
  readonly vendorData: string
  readonly timestamp: Date
}

export interface CreatedSession {
  readonly id: string
  readonly url: string
}

export type VeriffClient = ReturnType<typeof createVeriffClient>

export function createVeriffClient(settings: VeriffSettings) {
  return {
    /**
     * POST {base}/v1/sessions. Signed both ways: Veriff's current API ignores the signature on this
     * call, the older one required X-SIGNATURE.
     * @throws {AppError} kyc_provider_failed
     */
    async createSession(request: NewSessionRequest): Promise<CreatedSession> {
      const { apiKey, secret } = settings
      if (apiKey === undefined || secret === undefined) throw new AppError('kyc_provider_failed')
      const body = JSON.stringify({
        verification: {
          callback: request.callback,
          person: { firstName: request.firstName ?? null, lastName: request.lastName ?? null },
          vendorData: request.vendorData,
          timestamp: request.timestamp.toISOString(),
        },
      })
      const reply = await postJson(
        `${settings.baseUrl.replace(/\/+$/, '')}/v1/sessions`,
        body,
        {
          'x-auth-client': apiKey,
          'x-signature': legacySignature(body, secret),
          'x-hmac-signature': hmacSignature(body, secret),
        },
        settings.timeoutMs,
      )
      const verification = isRecord(reply.json) ? reply.json.verification : undefined
      if (reply.status < 200 || reply.status > 299 || !isRecord(verification)) {
        throw new AppError('kyc_provider_failed')
      }
      const { id, url } = verification
      if (typeof id !== 'string' || id === '' || typeof url !== 'string' || url === '') {
        throw new AppError('kyc_provider_failed')
      }
      return { id, url }
    },
  }
}
