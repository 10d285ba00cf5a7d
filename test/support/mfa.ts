import { Secret, TOTP } from 'otpauth'
import type { User } from '../../src/core/user/user.ts'
import type { WithCore } from './accounts.ts'
import type { FakeClock } from './fake-clock.ts'

/** A test app or a test core: the core and its fake clock. */
type WithClock = WithCore & { readonly clock: FakeClock }

/** The code an authenticator app shows at `at`: RFC 6238 as every app does it (SHA-1, 6 digits, 30 s). */
export function totpCode(secretBase32: string, at: Date): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) })
  return totp.generate({ timestamp: at.getTime() })
}

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

export interface EnrolledTotp {
  readonly secret: string
  readonly recoveryCodes: readonly string[]
}

/** Enrols a TOTP authenticator for `user` through the core, then moves the clock past its step. */
export async function enrolTotp(app: WithClock, user: User): Promise<EnrolledTotp> {
  const { secret } = await app.core.identity.mfa.startTotp(user)
  const recoveryCodes = await app.core.identity.mfa.confirmTotp(
    client,
    user,
    totpCode(secret, app.clock.now()),
    'test',
  )
  // The confirming code's step is spent; the next sign-in's code must come from a later one.
  app.clock.advance(30)
  return { secret, recoveryCodes }
}

/** The current code of the "phone". */
export const codeNow = (app: WithClock, secret: string): string => totpCode(secret, app.clock.now())
