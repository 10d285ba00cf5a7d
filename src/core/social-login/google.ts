import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import type { Clock } from '../shared/clock.ts'
import { getJson, objectOf } from './provider-fetch.ts'
import { profileFrom, type SocialProfile, socialFailure } from './social-login.ts'

const FAILED = 'Cannot fetch data from Google'
const NO_EMAIL = 'Google did not share a verified email address'
// Google signs ID tokens under either spelling of its issuer.
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com']

export interface GoogleSettings {
  readonly userinfoUrl: string
  readonly jwksUrl: string
  readonly timeoutMs: number
}

export interface GoogleVerifier {
  /**
   * The person behind a Google OAuth access token or ID token; an ID token must be meant for
   * `audience` when one is given.
   * @throws {AppError} social_login_failed
   */
  profileOf(token: string, audience: string | undefined): Promise<SocialProfile>
}

/** A JWS in compact form: what an ID token is and an opaque access token is not. */
function isJwt(token: string): boolean {
  try {
    decodeProtectedHeader(token)
    return token.split('.').length === 3
  } catch {
    return false
  }
}

export function createGoogleVerifier(settings: GoogleSettings, clock: Clock): GoogleVerifier {
  // jose caches the key set and refetches it when a token names a key it has not seen.
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: settings.timeoutMs })

  async function fromIdToken(token: string, audience: string | undefined): Promise<SocialProfile> {
    let claims: Record<string, unknown>
    try {
      const verified = await jwtVerify(token, keys, {
        issuer: ISSUERS,
        algorithms: ['RS256'],
        currentDate: clock.now(),
        ...(audience !== undefined && { audience }),
      })
      claims = verified.payload
    } catch (cause) {
      throw socialFailure(FAILED, cause)
    }
    return profileFrom(
      'GOOGLE',
      {
        email: claims.email,
        verified: claims.email_verified,
        givenName: claims.given_name,
        familyName: claims.family_name,
      },
      NO_EMAIL,
    )
  }

  async function fromAccessToken(token: string): Promise<SocialProfile> {
    const reply = await getJson(
      new URL(settings.userinfoUrl),
      { authorization: `Bearer ${token}` },
      settings.timeoutMs,
      (cause) => socialFailure(FAILED, cause),
    )
    const body = objectOf(reply.json)
    if (reply.status !== 200 || body === undefined) throw socialFailure(FAILED)
    return profileFrom(
      'GOOGLE',
      {
        email: body.email,
        verified: body.verified_email,
        givenName: body.given_name,
        familyName: body.family_name,
      },
      NO_EMAIL,
    )
  }

  return {
    profileOf: (token, audience) => (isJwt(token) ? fromIdToken(token, audience) : fromAccessToken(token)),
  }
}
