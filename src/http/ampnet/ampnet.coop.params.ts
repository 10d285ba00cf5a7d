import type { CoopChanges, NewCoop } from '../../core/tenant/coop.service.ts'
import { isKycProvider } from '../../core/tenant/tenant.ts'
import { frameworkError } from './ampnet.errors.ts'

// The `request` part as the original's Jackson binding took it: unknown keys ignored, a missing
// non-nullable field or a wrong type is an unreadable request (400, framework body).

type Fields = Readonly<Record<string, unknown>>

const unreadable = (field: string) => frameworkError(400, `JSON parse error: ${field}`)

function fieldsOf(json: unknown): Fields {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw unreadable('request')
  return json as Fields
}

function text(fields: Fields, name: string): string | undefined {
  const value = fields[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw unreadable(name)
  return value
}

function requiredText(fields: Fields, name: string): string {
  const value = text(fields, name)
  if (value === undefined) throw unreadable(name)
  return value
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
    identifier: requiredText(fields, 'identifier'),
    name: requiredText(fields, 'name'),
    hostname: text(fields, 'hostname'),
    config: fields.config,
    reCaptchaToken: text(fields, 're_captcha_token'),
  }
}

/** `PUT /coop`: every field optional; null leaves a field as it is. */
export function coopChangesOf(json: unknown): CoopChanges {
  const fields = fieldsOf(json)
  const kycProvider = text(fields, 'kyc_provider')
  if (kycProvider !== undefined && !isKycProvider(kycProvider)) throw unreadable('kyc_provider')
  return {
    name: text(fields, 'name'),
    hostname: text(fields, 'hostname'),
    config: fields.config,
    needUserVerification: flag(fields, 'need_user_verification'),
    kycProvider,
    disableSignUp: flag(fields, 'disable_sign_up'),
  }
}
