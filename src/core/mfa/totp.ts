import { Secret, TOTP } from 'otpauth'

// RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s.
const PERIOD_SECONDS = 30
const DIGITS = 6
// One step either side: a phone clock a little off, or a code typed as it changed.
const WINDOW = 1

function totpOf(secretBase32: string, issuer = '', label = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  })
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The `otpauth://` URI an authenticator app scans (as a QR code) or opens. */
export function totpUri(secretBase32: string, issuer: string, account: string): string {
  return totpOf(secretBase32, issuer, account).toString()
}

/**
 * The time step the code belongs to when it is valid at `at` within ±1 step, else undefined. The
 * caller refuses a step it has already accepted (a replayed code).
 */
export function matchingTotpStep(secretBase32: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return undefined
  const delta = totpOf(secretBase32).validate({ token, timestamp: at.getTime(), window: WINDOW })
  if (delta === null) return undefined
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta
}
