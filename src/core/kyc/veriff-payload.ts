import { AppError } from '../errors.ts'
import { isRecord, textOrUndefined, type VerifiedPerson } from './kyc.ts'
import { isDecisionStatus, type VeriffDecision } from './veriff.ts'

// Veriff's webhook bodies (camelCase), read defensively: anything unexpected is a rejection
// (kyc_report_rejected: an empty 400), never an unhandled error.

const rejected = () => new AppError('kyc_report_rejected')

export function parseJson(body: Buffer): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch {
    throw rejected()
  }
  if (!isRecord(value)) throw rejected()
  return value
}

const optionalInteger = (value: unknown): number | undefined => {
  if (value === undefined || value === null) return undefined
  if (!Number.isInteger(value)) throw rejected()
  return value as number
}

const optionalText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw rejected()
  return value
}

export interface DecisionWebhook {
  readonly decision: VeriffDecision
  readonly vendorData: string | undefined
  /** The person and document of an approved decision; undefined for other statuses. */
  readonly person: VerifiedPerson | undefined
}

/**
 * @throws {AppError} kyc_report_rejected (unreadable, unknown status, no verification, or an
 *   approval without person or document), kyc_names_missing (approved without first or last name)
 */
export function parseDecision(body: Buffer): DecisionWebhook {
  const verification = parseJson(body).verification
  if (!isRecord(verification)) throw rejected()
  const { id, status, code } = verification
  if (typeof id !== 'string' || id === '' || !isDecisionStatus(status)) throw rejected()
  const decision: VeriffDecision = {
    sessionId: id,
    status,
    code: optionalInteger(code) ?? 0,
    reason: optionalText(verification.reason),
    reasonCode: optionalInteger(verification.reasonCode),
    decisionTime: optionalText(verification.decisionTime),
    acceptanceTime: optionalText(verification.acceptanceTime),
  }
  const vendorData = optionalText(verification.vendorData)
  if (status !== 'approved') return { decision, vendorData, person: undefined }
  const { person, document } = verification
  if (!isRecord(person) || !isRecord(document)) throw rejected()
  const givenName = textOrUndefined(person.firstName)
  const familyName = textOrUndefined(person.lastName)
  if (givenName === undefined || familyName === undefined) throw new AppError('kyc_names_missing')
  return {
    decision,
    vendorData,
    person: {
      givenName,
      familyName,
      dateOfBirth: textOrUndefined(person.dateOfBirth),
      nationality: textOrUndefined(person.nationality),
      documentType: textOrUndefined(document.type),
      documentCountry: textOrUndefined(document.country),
      documentValidUntil: textOrUndefined(document.validUntil),
    },
  }
}

export interface EventWebhook {
  readonly sessionId: string
  readonly action: 'started' | 'submitted'
}

/** @throws {AppError} kyc_report_rejected */
export function parseEvent(body: Buffer): EventWebhook {
  const { id, action } = parseJson(body)
  if (typeof id !== 'string' || id === '' || (action !== 'started' && action !== 'submitted'))
    throw rejected()
  return { sessionId: id, action }
}
