import { isOneOf } from '../shared/one-of.ts'

export const kycProviders = ['VERIFF', 'IDENTYUM'] as const
export type KycProvider = (typeof kycProviders)[number]

export const isKycProvider = isOneOf(kycProviders)

/** A tenant; AMPnet calls it a coop and gives it the settings below. */
export interface Tenant {
  readonly id: string
  readonly identifier: string
  readonly name: string
  readonly createdAt: Date
  /** How long a new password lasts; 0: passwords never expire (the default). */
  readonly passwordMaxAgeDays: number
  /** The host name the coop's web app is served at (its public config is looked up by it). */
  readonly hostname: string | undefined
  /** The coop's free-form JSON config as JSON text, opaque to Latchkey; undefined: none. */
  readonly config: string | undefined
  /** false: every AMPnet token of the coop says `verified` (KYC switched off). */
  readonly needUserVerification: boolean
  /** Which KYC widget the coop's web app shows. */
  readonly kycProvider: KycProvider
  /** true: sign-up is closed on every surface; sign-in still works. */
  readonly disableSignUp: boolean
  /**
   * true: every surface's password sign-up creates the account disabled and mails a confirmation
   * link; false: only AMPnet's e-mail sign-up does, when AMPNET_MAIL_CONFIRMATION is on.
   */
  readonly confirmEmail: boolean
  readonly logoFileId: string | undefined
  readonly bannerFileId: string | undefined
}

// A slug, so that an identifier is safe in paths and mail links (the original took anything).
const IDENTIFIER_SHAPE = /^[a-z0-9][a-z0-9-]{0,63}$/

export function isValidTenantIdentifier(identifier: string): boolean {
  return IDENTIFIER_SHAPE.test(identifier)
}
