import { AppError } from '../errors.ts'

/** reCAPTCHA v3 as AMPnet used it: on sign-up and coop creation only. */
export interface CaptchaSettings {
  readonly enabled: boolean
  readonly secret: string | undefined
  /** Scores below this fail (0 to 1). */
  readonly minScore: number
  readonly verifyUrl: string
  readonly timeoutMs: number
}

export interface CaptchaVerifier {
  /** @throws {AppError} captcha_failed, with the reason AMPnet reports, when enabled and not passed */
  verify(token: string | undefined): Promise<void>
}

interface SiteVerifyReply {
  success?: unknown
  score?: unknown
  'error-codes'?: unknown
}

const failed = (reason: string, cause?: unknown) => new AppError('captcha_failed', { reason }, { cause })

async function ask(settings: CaptchaSettings, token: string): Promise<SiteVerifyReply> {
  // The original sent both parameters in the query string with no body; siteverify accepts that.
  const url = new URL(settings.verifyUrl)
  url.searchParams.set('secret', settings.secret ?? '')
  url.searchParams.set('response', token)
  let text: string
  try {
    const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(settings.timeoutMs) })
    text = await response.text()
  } catch (error) {
    throw failed('Error while reading google response', error)
  }
  if (text.trim() === '') throw failed("Empty response from Google's server")
  try {
    const reply: unknown = JSON.parse(text)
    if (typeof reply !== 'object' || reply === null) throw new Error('not an object')
    return reply as SiteVerifyReply
  } catch (error) {
    throw failed("Invalid response from Google's server", error)
  }
}

export function createCaptchaVerifier(settings: CaptchaSettings): CaptchaVerifier {
  return {
    async verify(token) {
      if (!settings.enabled) return
      if (token === undefined || token === '')
        throw failed('reCAPTCHA verification is enabled, send a valid token')
      const reply = await ask(settings, token)
      if (reply.success !== true) {
        const codes = Array.isArray(reply['error-codes']) ? reply['error-codes'].map(String) : []
        throw failed(`errors: ${codes.join(', ')}`)
      }
      // A missing score counts as 0, as in the original.
      const score = typeof reply.score === 'number' ? reply.score : 0
      if (score < settings.minScore) throw failed(`ReCAPTCHA score(${score}) is too low`)
    },
  }
}
