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
