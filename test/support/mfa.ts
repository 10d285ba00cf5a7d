import { totpCode } from '../../src/core/mfa/totp.ts'
import type { User } from '../../src/core/user/user.ts'
import type { TestApp } from './test-app.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

export interface EnrolledTotp {
  readonly secret: string
  readonly recoveryCodes: readonly string[]
}

/** Enrols a TOTP authenticator for `user` through the core, then moves the clock past its step. */
export async function enrolTotp(app: TestApp, user: User): Promise<EnrolledTotp> {
  const { secret } = await app.core.mfa.startTotp(user)
  const recoveryCodes = await app.core.mfa.confirmTotp(
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
export const codeNow = (app: TestApp, secret: string): string => totpCode(secret, app.clock.now())
