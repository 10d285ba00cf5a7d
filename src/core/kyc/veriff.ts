export const veriffStates = ['created', 'started', 'submitted'] as const
export type VeriffState = (typeof veriffStates)[number]

export const decisionStatuses = [
  'approved',
  'resubmission_requested',
  'declined',
  'expired',
  'abandoned',
  'review',
] as const
export type DecisionStatus = (typeof decisionStatuses)[number]

export interface VeriffSession {
  readonly id: string
  readonly userId: string
  readonly url: string
  readonly state: VeriffState
  readonly createdAt: Date
}

export interface VeriffDecision {
  readonly sessionId: string
  readonly status: DecisionStatus
  readonly code: number
  readonly reason: string | undefined
  readonly reasonCode: number | undefined
  readonly decisionTime: string | undefined
  readonly acceptanceTime: string | undefined
}

/** The decision's fields Veriff may leave out, in the order they are stored and shown. */
export const VERIFF_DECISION_DETAILS = [
  'reason',
  'reasonCode',
  'decisionTime',
  'acceptanceTime',
] as const satisfies readonly (keyof VeriffDecision)[]

/** What GET /veriff/session answers: where to verify, how far it got, and the last decision. */
export interface VeriffSessionView {
  readonly url: string
  readonly state: VeriffState
  readonly decision: VeriffDecision | undefined
}

export const isVeriffState = (value: unknown): value is VeriffState =>
  veriffStates.some((state) => state === value)

export const isDecisionStatus = (value: unknown): value is DecisionStatus =>
  decisionStatuses.some((status) => status === value)

const timeOf = (iso: string | undefined): number | undefined => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * Whether a decision webhook may replace the session's stored decision. Neither of Veriff's
 * signatures covers a timestamp or nonce, so a captured older decision can be replayed at will:
 * only Veriff's own `decisionTime` orders them, and when either side lacks one the stored one stays.
 * An approval is final, so no replay can turn a verified user back into a declined one.
 */
export function supersedes(incoming: VeriffDecision, stored: VeriffDecision | undefined): boolean {
  if (stored === undefined) return true
  if (stored.status === 'approved' && incoming.status !== 'approved') return false
  const incomingAt = timeOf(incoming.decisionTime)
  const storedAt = timeOf(stored.decisionTime)
  if (incomingAt === undefined || storedAt === undefined) return false
  return incomingAt >= storedAt
}
