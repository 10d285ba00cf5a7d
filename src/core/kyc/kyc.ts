export type KycProvider = 'VERIFF' | 'IDENTYUM'

/**
 * What Latchkey keeps of a verified identity. Deliberately little: the names (they replace the
 * user's), birth date, nationality and which document, never ID, document or personal numbers or
 * addresses. None of it is ever logged.
 */
export interface VerifiedPerson {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth: string | undefined
  readonly nationality: string | undefined
  readonly documentType: string | undefined
  readonly documentCountry: string | undefined
  readonly documentValidUntil: string | undefined
}

export interface KycRecordInput {
  readonly provider: KycProvider
  /** The provider's session: one record per session, so a replayed report adds nothing. */
  readonly sessionId: string
  readonly person: VerifiedPerson
}

export interface KycCounts {
  /** Records linked to the tenant's users and still current. */
  readonly activated: number
  /** Records linked to the tenant's users and since replaced by a newer one. */
  readonly deleted: number
  /** Users of the tenant with a current record. */
  readonly verified: number
}

/** A string, or undefined for anything else (providers send null for unknown values). */
export const textOrUndefined = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_SHAPE.test(value)
