import { AppError } from '../errors.ts'

/** The social providers AMPnet signs people up and in with. */
export type SocialProvider = 'GOOGLE' | 'FACEBOOK'

/** What a provider vouches for; names are empty when it does not share them. */
export interface SocialProfile {
  readonly provider: SocialProvider
  readonly email: string
  readonly givenName: string
  readonly familyName: string
}

/** A provider refused the token, failed, or answered without an email: AMPnet's 502 0106. */
export const socialFailure = (reason: string, cause?: unknown) =>
  new AppError('social_login_failed', { reason }, { cause })

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/**
 * The profile from a provider's reply; a missing or unverified email fails with `noEmail`, since
 * the email is what finds the account (an unverified one could take over someone else's).
 */
export function profileFrom(
  provider: SocialProvider,
  reply: { email?: unknown; verified?: unknown; givenName?: unknown; familyName?: unknown },
  noEmail: string,
): SocialProfile {
  const email = text(reply.email)
  if (email === '' || reply.verified === false) throw socialFailure(noEmail)
  return { provider, email, givenName: text(reply.givenName), familyName: text(reply.familyName) }
}
