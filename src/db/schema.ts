import type { Generated } from 'kysely'

// Row shapes as stored. Times are epoch milliseconds (bigint columns); flags are 0/1 integers.
// Repositories convert to domain types, so nothing outside them sees these.

export interface TenantTable {
  id: string
  identifier: string
  name: string
  created_at: number
  /** 0: passwords never expire. */
  password_max_age_days: number
  hostname: string | null
  /** The coop's free-form JSON config, as text. */
  config: string | null
  need_user_verification: Generated<number>
  kyc_provider: Generated<string>
  disable_sign_up: Generated<number>
  logo_file_id: string | null
  banner_file_id: string | null
  /** The tenant's own lockout (null: the installation's LOCKOUT_* settings). */
  lockout_threshold: number | null
  lockout_base_seconds: number | null
  lockout_max_seconds: number | null
  /** 1: every surface's password sign-up waits for the mailed confirmation link. */
  confirm_email: Generated<number>
}

export interface UserTable {
  id: string
  tenant_id: string
  email: string
  email_normalized: string
  display_name: string
  given_name: string
  family_name: string
  password_hash: string | null
  password_expires_at: number | null
  username: string | null
  username_normalized: string | null
  email_confirmed: number
  enabled: number
  created_at: number
  updated_at: number
  role: string
  language: string | null
  auth_method: string
  /** The KYC record currently linked (AMPnet `verified`); null: not verified. */
  kyc_record_id: string | null
  /** When an operator disabled the account; null: not disabled. */
  disabled_at: number | null
}

export interface SessionTable {
  id: string
  tenant_id: string
  user_id: string
  surface: string
  refresh_token_hash: string | null
  created_at: number
  last_used_at: number
  expires_at: number | null
  ended_at: number | null
}

export interface SigningKeyTable {
  id: string
  algorithm: string
  public_jwk: string
  private_jwk_sealed: string
  created_at: number
  retired_at: number | null
  /** When it starts signing; until then it is only published. Null: since created_at. */
  activates_at: number | null
}

export interface IdeaTable {
  id: string
  user_id: string
  content: string
  impact: number
  ease: number
  confidence: number
  score_total: number
  created_at: number
  updated_at: number
}

export interface ApiKeyTable {
  id: string
  tenant_id: string
  user_id: string
  name: string
  /** The key, encrypted with the master key: the authheader list shows it again. */
  token_sealed: string
  /** Keyed hash (HMAC) of the key: how a presented key is found without decrypting rows. */
  token_hmac: string
  created_at: number
  expires_at: number | null
}

export interface MailOutboxTable {
  id: string
  kind: string
  recipient: string
  language: string | null
  /** The mail's data (links with live tokens), encrypted; emptied once sent. */
  data_sealed: string | null
  attempts: number
  next_attempt_at: number
  /** A worker's claim: until then no other worker takes the row. */
  claimed_by: string | null
  locked_until: number | null
  last_error: string | null
  created_at: number
  sent_at: number | null
}

export interface TenantFileTable {
  id: string
  tenant_id: string
  filename: string
  content_type: string
  data: Uint8Array
  created_at: number
}

export interface MailTokenTable {
  id: string
  user_id: string
  /** confirm_email | reset_password */
  purpose: string
  /** SHA-256 of the token the mail carries; the token itself is never stored. */
  token_hash: string
  created_at: number
  expires_at: number
}

export interface BankAccountTable {
  id: Generated<number>
  user_id: string
  iban: string
  bank_code: string
  alias: string | null
  bank_name: string | null
  bank_address: string | null
  beneficiary_name: string | null
  beneficiary_address: string | null
  beneficiary_city: string | null
  beneficiary_country: string | null
  created_at: number
}

export interface KycRecordTable {
  id: string
  /** VERIFF | IDENTYUM */
  provider: string
  session_id: string
  /** The user it was linked to (kept after a newer record replaces it); null: none. */
  user_id: string | null
  given_name: string
  family_name: string
  date_of_birth: string | null
  nationality: string | null
  document_type: string | null
  document_country: string | null
  document_valid_until: string | null
  connected: number
  deactivated: number
  created_at: number
}

export interface VeriffSessionTable {
  id: string
  user_id: string
  url: string
  /** created | started | submitted */
  state: string
  connected: number
  created_at: number
}

export interface VeriffDecisionTable {
  session_id: string
  status: string
  code: number
  reason: string | null
  reason_code: number | null
  decision_time: string | null
  acceptance_time: string | null
  created_at: number
}

/** SQLite only: which users' addresses hold a trigram (kept by triggers; the 2026-11-27 migration). */
export interface UserEmailTrigramTable {
  tenant_id: string
  trigram: string
  user_id: string
}

/** SQLite only: how many users of a tenant hold a trigram ('' : all of them), to start from the rarest. */
export interface UserEmailTrigramCountTable {
  tenant_id: string
  trigram: string
  users: number
}

export interface AuditEventTable {
  id: Generated<number>
  tenant_id: string | null
  actor_user_id: string | null
  subject_user_id: string | null
  type: string
  ip: string | null
  user_agent: string | null
  /** A small JSON object, as text; never a secret. */
  details: string | null
  created_at: number
}

export interface OidcClientTable {
  id: string
  tenant_id: string
  name: string
  /** The client's registered metadata (redirect URIs, grant types, …) as JSON text. */
  metadata: string
  /** The client secret sealed with the master key; null: a public client. */
  secret_sealed: string | null
  created_at: number
}

export interface OidcPayloadTable {
  tenant_id: string
  /** The provider's model name: Session, Grant, AuthorizationCode, RefreshToken, … */
  model: string
  id: string
  payload: string
  grant_id: string | null
  uid: string | null
  user_code: string | null
  expires_at: number | null
  consumed_at: number | null
}

export interface MfaFactorTable {
  id: string
  tenant_id: string
  user_id: string
  /** `totp` or `recovery_code`. */
  kind: string
  /** A TOTP secret, encrypted (secret box); null for a recovery code. */
  secret_sealed: string | null
  /** A recovery code's HMAC; null for a TOTP factor. */
  code_hash: string | null
  last_used_step: number | null
  confirmed_at: number | null
  used_at: number | null
  created_at: number
}

export interface TenantMfaPolicyTable {
  tenant_id: string
  policy: string
  legacy_password_allowed: number
  updated_at: number
}

export interface WebhookEndpointTable {
  id: string
  tenant_id: string
  url: string
  /** The signing secret, encrypted (secret box). */
  secret_sealed: string
  /** A JSON array of event types; null: every event. */
  event_types: string | null
  disabled_at: number | null
  created_at: number
}

export interface WebhookDeliveryTable {
  /** `<event id>.<endpoint id>`. */
  id: string
  tenant_id: string
  endpoint_id: string
  event_id: string
  event_type: string
  /** The JSON body sent, as text; never a secret. */
  payload: string
  attempts: number
  next_attempt_at: number
  /** A worker's claim: until then no other worker takes the row. */
  claimed_by: string | null
  locked_until: number | null
  /** The HTTP status of the last attempt; null when it got no answer. */
  last_status: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
  /** Set when the last allowed attempt failed (or the endpoint went away): no more attempts. */
  failed_at: number | null
}

export interface Schema {
  tenants: TenantTable
  users: UserTable
  sessions: SessionTable
  signing_keys: SigningKeyTable
  ideas: IdeaTable
  api_keys: ApiKeyTable
  mail_outbox: MailOutboxTable
  tenant_files: TenantFileTable
  mail_tokens: MailTokenTable
  bank_accounts: BankAccountTable
  kyc_records: KycRecordTable
  veriff_sessions: VeriffSessionTable
  veriff_decisions: VeriffDecisionTable
  user_email_trigrams: UserEmailTrigramTable
  user_email_trigram_counts: UserEmailTrigramCountTable
  audit_events: AuditEventTable
  oidc_clients: OidcClientTable
  oidc_payloads: OidcPayloadTable
  webhook_endpoints: WebhookEndpointTable
  webhook_deliveries: WebhookDeliveryTable
  mfa_factors: MfaFactorTable
  tenant_mfa_policies: TenantMfaPolicyTable
  operator_sign_in_links: OperatorSignInLinkTable
  operator_sessions: OperatorSessionTable
}

export interface OperatorSignInLinkTable {
  id: string
  token_hash: string
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface OperatorSessionTable {
  id: string
  token_hash: string
  link_id: string
  created_at: number
  expires_at: number
  ended_at: number | null
}
