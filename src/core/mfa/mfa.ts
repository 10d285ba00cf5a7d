import { isOneOf } from '../shared/one-of.ts'
import type { User } from '../user/user.ts'

// The vocabulary of multi-factor sign-in. A factor kind is one way to pass the second step; each
// kind has its own module and its rows in `mfa_factors` carry the kind's name, so a new kind (a
// passkey) joins the list without reshaping the others.
export const mfaFactorKinds = ['totp', 'recovery_code', 'passkey'] as const
export type MfaFactorKind = (typeof mfaFactorKinds)[number]

/**
 * A coop's MFA policy. off: no enrolment, no second step; optional: whoever enrolled is asked;
 * required_for_admins: ADMINs must enrol at their next hosted sign-in; required: everyone must.
 */
export const mfaPolicies = ['off', 'optional', 'required_for_admins', 'required'] as const
export type MfaPolicyName = (typeof mfaPolicies)[number]

export const isMfaPolicyName = isOneOf(mfaPolicies)

export interface TenantMfaPolicy {
  readonly policy: MfaPolicyName
  /**
   * true: a user with MFA may still sign in to the legacy APIs (ideapool, authheader, users,
   * AMPnet) with a password alone; false (the default): they are refused with the surface's
   * documented "MFA required" answer.
   */
  readonly legacyPasswordAllowed: boolean
}

export const DEFAULT_MFA_POLICY: TenantMfaPolicy = { policy: 'optional', legacyPasswordAllowed: false }

/** A user's second factors as their account page shows them. */
export interface MfaStatus {
  /** A confirmed TOTP authenticator. */
  readonly enabled: boolean
  readonly recoveryCodesLeft: number
}

/** Whether the policy makes `user` enrol before a hosted sign-in completes. */
export function mustEnrol(policy: MfaPolicyName, user: Pick<User, 'role'>): boolean {
  return policy === 'required' || (policy === 'required_for_admins' && user.role === 'ADMIN')
}

/** What a hosted sign-in needs after the password: nothing, the second step, or enrolment first. */
export type SecondStep = 'none' | 'verify' | 'enrol'
