import type { Config } from '../config.ts'
import { integer, optionalText, text } from '../fields.ts'
import { publicUrlOf } from '../urls.ts'

export const webauthnSection = {
  rpId: optionalText({
    env: 'WEBAUTHN_RP_ID',
    doc: "Passkeys' relying-party id: the host name they are bound to (default PUBLIC_URL's host)",
  }),
  rpName: optionalText({
    env: 'WEBAUTHN_RP_NAME',
    doc: "Name a passkey prompt shows for this server (default PUBLIC_URL's host)",
  }),
  challengeSeconds: integer({
    env: 'WEBAUTHN_CHALLENGE_SECONDS',
    default: 300,
    min: 30,
    max: 3600,
    doc: 'How long a passkey challenge (a sign-in or registration started) may be answered',
  }),
} as const

export const mfaSection = {
  issuer: text({
    env: 'MFA_ISSUER',
    default: 'Latchkey',
    doc: 'The name authenticator apps show beside a TOTP account (the otpauth URI issuer)',
  }),
} as const

// A passkey is bound to a registrable suffix of the page's host; anything else no browser accepts.
export function checkWebauthn(config: Config, problems: string[]): void {
  const rpId = config.webauthn.rpId
  if (rpId !== undefined && URL.canParse(publicUrlOf(config))) {
    const host = new URL(publicUrlOf(config)).hostname
    if (host !== rpId && !host.endsWith(`.${rpId}`))
      problems.push(`WEBAUTHN_RP_ID: must be PUBLIC_URL's host (${host}) or a suffix of it`)
  }
}
