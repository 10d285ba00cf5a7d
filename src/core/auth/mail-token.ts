/** A single-use token sent by mail: it confirms an address or allows one password reset. */
export type MailTokenPurpose = 'confirm_email' | 'reset_password'

export interface MailToken {
  readonly id: string
  readonly userId: string
  readonly purpose: MailTokenPurpose
  readonly createdAt: Date
  readonly expiresAt: Date
}

/** Confirmation links live a day, reset links an hour, as docs/api/ampnet.md says. */
export const MAIL_TOKEN_TTL_SECONDS: Record<MailTokenPurpose, number> = {
  confirm_email: 86_400,
  reset_password: 3_600,
}
