import type { Config } from '../config.ts'
import { integer, optionalText, text } from '../fields.ts'

export const mailSection = {
  smtpUrl: optionalText({
    env: 'SMTP_URL',
    doc: 'smtp://user:pass@host:port (smtps:// for implicit TLS); unset writes mails to the log (not in production)',
  }),
  from: text({
    env: 'MAIL_FROM',
    default: 'Latchkey <no-reply@localhost>',
    doc: 'Sender address of the mails Latchkey sends',
  }),
  baseUrl: optionalText({
    env: 'MAIL_BASE_URL',
    doc: 'Base URL of an outside web app the mail links open, e.g. the AMPnet frontend (unset: the hosted pages on PUBLIC_URL)',
  }),
  pollSeconds: integer({
    env: 'MAIL_POLL_SECONDS',
    default: 5,
    min: 1,
    max: 3600,
    doc: 'How often the mail outbox is checked for due mails',
  }),
  claimSeconds: integer({
    env: 'MAIL_CLAIM_SECONDS',
    default: 60,
    min: 5,
    max: 3600,
    doc: 'How long a worker holds a mail it is sending (mails of a crashed worker wait this long)',
  }),
} as const

export function checkMail(config: Config, problems: string[]): void {
  const smtpUrl = config.mail.smtpUrl
  if (smtpUrl !== undefined && (!/^smtps?:\/\//.test(smtpUrl) || !URL.canParse(smtpUrl))) {
    problems.push('SMTP_URL: must be an smtp:// or smtps:// URL')
  }
  if (config.mail.baseUrl !== undefined && !URL.canParse(config.mail.baseUrl)) {
    problems.push('MAIL_BASE_URL: must be an absolute URL')
  }
  // The log transport writes live confirmation and reset links: fine on a laptop, a leak in production.
  if (config.env === 'production' && config.ampnet.enabled && smtpUrl === undefined) {
    problems.push('SMTP_URL: required when NODE_ENV=production and the AMPnet API is enabled')
  }
}
