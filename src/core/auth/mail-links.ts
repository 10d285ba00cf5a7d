import type { MailTokenPurpose } from './mail-token.ts'

/** The link a mail carrying `token` points at. */
export type MailLinks = (purpose: MailTokenPurpose, coopIdentifier: string, token: string) => string

// The AMPnet web app's routes, which its mails link to.
const webAppPaths: Record<MailTokenPurpose, string> = {
  confirm_email: 'auth/mail_confirmation',
  reset_password: 'auth/reset_password',
}

/** Links into an outside web app (MAIL_BASE_URL): `{base}/{coop}/auth/mail_confirmation?token=…`. */
export function webAppLinks(baseUrl: string): MailLinks {
  return (purpose, coopIdentifier, token) =>
    `${baseUrl}/${encodeURIComponent(coopIdentifier)}/${webAppPaths[purpose]}?token=${token}`
}

// The hosted pages' routes; the token names the account, so the coop is not in the link.
const hostedPagePaths: Record<MailTokenPurpose, string> = {
  confirm_email: 'confirm-email',
  reset_password: 'reset-password',
}

/** Links to this server's own pages: `{pages}/confirm-email?token=…`. */
export function hostedPageLinks(pagesUrl: string): MailLinks {
  return (purpose, _coopIdentifier, token) => `${pagesUrl}/${hostedPagePaths[purpose]}?token=${token}`
}
