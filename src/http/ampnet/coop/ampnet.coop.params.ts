import type { CoopChanges, NewCoop } from '../../../core/tenant/coop.service.ts'
import { isKycProvider } from '../../../core/tenant/tenant.ts'
import { type AmpnetReplyError, frameworkError } from '../ampnet.errors.ts'
import { optionalString, requiredString } from '../ampnet.params.ts'

// The `request` part as the original's Jackson binding took it: unknown keys ignored, a missing
// non-nullable field or a wrong type is an unreadable request (400, framework body).

type Fields = Readonly<Record<string, unknown>>

/**
 * The framework 400 for a `request` part that does not bind: missing or not JSON (no field), or a
 * field missing or of the wrong type (Jackson's text naming it).
 */
export function unreadable(field?: string): AmpnetReplyError {
  return frameworkError(
    400,
    field === undefined
      ? "Required request part 'request' is not present or not JSON"
      : `JSON parse error: ${field}`,
  )
}

function fieldsOf(json: unknown): Fields {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw unreadable('request')
  return json as Fields
}

function flag(fields: Fields, name: string): boolean | undefined {
  const value = fields[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw unreadable(name)
  return value
}

export interface CoopCreation extends NewCoop {
  readonly reCaptchaToken: string | undefined
}

/** `POST /coop`: {identifier, name, hostname?, config?, re_captcha_token?}. */
export function coopCreationOf(json: unknown): CoopCreation {
  const fields = fieldsOf(json)
  return {
    identifier: requiredString(fields, 'identifier', unreadable),
    name: requiredString(fields, 'name', unreadable),
    hostname: optionalString(fields, 'hostname', unreadable),
    config: fields.config,
    reCaptchaToken: optionalString(fields, 're_captcha_token', unreadable),
  }
}

/** `PUT /coop`: every field optional; null leaves a field as it is. */
export function coopChangesOf(json: unknown): CoopChanges {
  const fields = fieldsOf(json)
  const kycProvider = optionalString(fields, 'kyc_provider', unreadable)
  if (kycProvider !== undefined && !isKycProvider(kycProvider)) throw unreadable('kyc_provider')
  return {
    name: optionalString(fields, 'name', unreadable),
    hostname: optionalString(fields, 'hostname', unreadable),
    config: fields.config,
    needUserVerification: flag(fields, 'need_user_verification'),
    kycProvider,
    disableSignUp: flag(fields, 'disable_sign_up'),
  }
}
