import type { JWTVerifyGetKey } from 'jose'
import type { Clock } from '../shared/clock.ts'
import { lazyModule } from '../shared/lazy-module.ts'
import { getJson, objectOf } from './provider-fetch.ts'
import { profileFrom, type SocialProfile, socialFailure } from './social-login.ts'

const FAILED = 'Cannot fetch data from Google'
const NO_EMAIL = 'Google did not share a verified email address'
// Google signs ID tokens under either spelling of its issuer.
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com']

export interface GoogleSettings {
  readonly userinfoUrl: string
  /** Tells which OAuth client an access token was issued to (its `aud`/`azp`). */
  readonly tokeninfoUrl: string
  readonly jwksUrl: string
  readonly timeoutMs: number
}

export interface GoogleVerifier {
  /**
   * The person behind a Google OAuth access token or ID token. With an `audience` (the coop's
   * googleClientId) either kind must have been issued to that client; without one, access tokens
   * are taken as the original took them and ID tokens are refused, since any site the person
   * signed in to with Google holds one it could replay here.
   * @throws {AppError} social_login_failed
   */
  profileOf(token: string, audience: string | undefined): Promise<SocialProfile>
}

// Loaded with the first Google sign-in: most deployments never see one.
const jose = lazyModule<typeof import('jose')>('jose')

/** A JWS in compact form: what an ID token is and an opaque access token is not. */
function isJwt(token: string): boolean {
  try {
    jose().decodeProtectedHeader(token)
    return token.split('.').length === 3
  } catch {
    return false
  }
}

export function createGoogleVerifier(settings: GoogleSettings, clock: Clock): GoogleVerifier {
  // jose caches the key set and refetches it when a token names a key it has not seen.
  let keys: JWTVerifyGetKey | undefined

  async function fromIdToken(token: string, audience: string | undefined): Promise<SocialProfile> {
    if (audience === undefined) throw socialFailure(FAILED)
    let claims: Record<string, unknown>
    try {
      keys ??= jose().createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: settings.timeoutMs })
      const verified = await jose().jwtVerify(token, keys, {
        issuer: ISSUERS,
        algorithms: ['RS256'],
        currentDate: clock.now(),
        audience,
        requiredClaims: ['exp', 'iat', 'aud'],
      })
      claims = verified.payload
    } catch (cause) {
      throw socialFailure(FAILED, cause)
    }
    return profileFrom(
      'GOOGLE',
      {
        email: claims.email,
        // Only an explicit true counts: an absent flag is no proof the address is theirs.
        verified: claims.email_verified === true,
        givenName: claims.given_name,
        familyName: claims.family_name,
      },
      NO_EMAIL,
    )
  }

  /** Refuses an access token issued to another OAuth client than `audience`. */
  async function checkAudience(token: string, audience: string): Promise<void> {
    const url = new URL(settings.tokeninfoUrl)
    url.searchParams.set('access_token', token)
    const reply = await getJson(url, {}, settings.timeoutMs, (cause) => socialFailure(FAILED, cause))
    const body = objectOf(reply.json)
    if (reply.status !== 200 || body === undefined || (body.aud !== audience && body.azp !== audience)) {
      throw socialFailure(FAILED)
    }
  }

  async function fromAccessToken(token: string, audience: string | undefined): Promise<SocialProfile> {
    if (audience !== undefined) await checkAudience(token, audience)
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
        // v2 userinfo says verified_email, the OpenID Connect one email_verified; only true counts.
        verified: body.verified_email === true || body.email_verified === true,
        givenName: body.given_name,
        familyName: body.family_name,
      },
      NO_EMAIL,
    )
  }

  return {
    profileOf: (token, audience) =>
      isJwt(token) ? fromIdToken(token, audience) : fromAccessToken(token, audience),
  }
}
