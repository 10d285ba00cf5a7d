// The audit log's vocabulary: what happened, to whom, by whom. Details are small JSON objects of
// non-secret facts (ids, methods, reasons): never a password, token, key or mailed link.

export const auditEventTypes = [
  'sign_in.succeeded', // details: method (password | google | facebook), surface, session_id
  'sign_in.failed', // details: method, surface, reason (unknown_account | wrong_password | …)
  'sign_up', // details: method
  'password.changed', // by the user, knowing the old password
  'password.reset', // through a mailed reset link
  'session.ended', // details: reason (logout | reissued | password_changed | password_reset | disabled | revoked), count, session_id
  'api_key.issued', // details: key_id, name
  'api_key.revoked', // details: key_id
  'role.changed', // details: role, previous_role; actor undefined: an operator (CLI)
  'coop.created', // details: identifier
  'coop.updated', // details: identifier, fields (names of what changed)
  'kyc.decided', // details: provider, outcome (approved | declined | …)
  'user.disabled', // by an operator (CLI; no actor) or the coop's ADMIN (console)
  'user.enabled', // an operator or the coop's ADMIN lifted the disable
  'user.deleted', // erased (GDPR); subject: the pseudonym; details: how many rows of each kind went
  'users.exported', // an operator wrote users with their password hashes to a file; details: users, left_out
  'oidc_client.created', // details: client_id; by an operator (CLI)
  'oidc_client.deleted', // details: client_id; by an operator (CLI)
  'webhook.added', // details: endpoint_id (never the URL's query or the secret)
  'webhook.removed', // details: endpoint_id
  'webhook.enabled', // details: endpoint_id
  'webhook.disabled', // details: endpoint_id
  'webhook.retried', // a failed delivery sent again now; details: endpoint_id, event_id
  'signing_key.rotated', // by an operator (console); no tenant; details: kid
  'operator.signed_in', // an operator opened a console session with a sign-in link; no tenant
  'mfa.enrolled', // details: kind (totp)
  'mfa.disabled', // details: by (user | admin | operator); every factor of the user removed
  'mfa.recovery_codes_regenerated', // the old codes stop working
  'mfa.recovery_code_used', // details: surface, left (codes still unused)
  'mfa.failed', // a wrong or replayed code; details: surface, step (sign_in | enrol | disable | regenerate)
  'mfa.policy_changed', // details: policy, legacy_password_allowed; actor undefined: an operator (CLI)
] as const

export type AuditEventType = (typeof auditEventTypes)[number]

export type AuditDetails = Readonly<Record<string, string | number | boolean | readonly string[] | null>>

export interface AuditEventInput {
  readonly type: AuditEventType
  readonly tenantId: string | undefined
  /** Who did it; undefined for the anonymous, a provider's webhook, or an operator. */
  readonly actorUserId: string | undefined
  /** Whom it was done to, when it is someone else than the actor (stored only then). */
  readonly subjectUserId?: string | undefined
  readonly details?: AuditDetails
}

export interface AuditEvent {
  readonly id: number
  readonly tenantId: string | undefined
  readonly actorUserId: string | undefined
  readonly subjectUserId: string | undefined
  readonly type: string
  readonly ip: string | undefined
  readonly userAgent: string | undefined
  readonly details: AuditDetails
  readonly createdAt: Date
}

export interface AuditPageRequest {
  /** 0-based. */
  readonly page: number
  readonly size: number
}

/** Narrows a page of events; every field is optional and they combine with AND. */
export interface AuditFilter {
  readonly type?: string
  /** Events where this user is the actor or the subject. */
  readonly userId?: string
  /** From this instant on (inclusive). */
  readonly from?: Date
  /** Before this instant (exclusive). */
  readonly to?: Date
}

export interface AuditPage {
  readonly events: readonly AuditEvent[]
  readonly page: number
  readonly totalPages: number
}
