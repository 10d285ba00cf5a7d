import { AppError } from '../errors.ts'
import { isRecord } from './kyc.ts'
import { postJson } from './provider-http.ts'

export interface IdentyumSettings {
  /** undefined: Identyum is not configured. */
  readonly baseUrl: string | undefined
  readonly username: string | undefined
  readonly password: string | undefined
  /** Tells this installation's reports apart when several share one Identyum account. */
  readonly instance: string
  readonly timeoutMs: number
}

/** Identyum's token reply, passed through to the browser's web component. */
export interface IdentyumCredentials {
  readonly access_token: unknown
  readonly expires_in: unknown
  readonly refresh_expires_in: unknown
  readonly refresh_token: unknown
  readonly session_state: unknown
}

const ok = (status: number) => status >= 200 && status <= 299 && status !== 204

export type IdentyumClient = ReturnType<typeof createIdentyumClient>

export function createIdentyumClient(settings: IdentyumSettings) {
  return {
    /**
     * Password grant, then /init with the user and instance, so that the report comes back tagged.
     * @throws {AppError} kyc_provider_failed on any failure, including 204 and non-JSON replies
     */
    async token(userId: string): Promise<IdentyumCredentials> {
      const { baseUrl, username, password, instance, timeoutMs } = settings
      if (baseUrl === undefined || username === undefined || password === undefined) {
        throw new AppError('kyc_provider_failed')
      }
      const base = baseUrl.replace(/\/+$/, '')
      const auth = await postJson(
        `${base}/auth/password`,
        JSON.stringify({ username, password }),
        {},
        timeoutMs,
      )
      const token = auth.json
      if (!ok(auth.status) || !isRecord(token) || typeof token.access_token !== 'string') {
        throw new AppError('kyc_provider_failed')
      }
      const init = await postJson(
        `${base}/init`,
        JSON.stringify({ customParameters: { user: userId, instance } }),
        { authorization: `Bearer ${token.access_token}` },
        timeoutMs,
      )
      if (!ok(init.status) || init.json === undefined) throw new AppError('kyc_provider_failed')
      return {
        access_token: token.access_token,
        expires_in: token.expires_in ?? null,
        refresh_expires_in: token.refresh_expires_in ?? null,
        refresh_token: token.refresh_token ?? null,
        session_state: token.session_state ?? null,
      }
    },
  }
}
