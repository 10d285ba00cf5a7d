import { mailBaseUrlOf, pagesUrlOf } from '../config/config.ts'
import { createAccountMails } from './auth/account-mail.service.ts'
import { hostedPageLinks, webAppLinks } from './auth/mail-links.ts'
import type { CoreShared } from './core.shared.ts'
import { createLogTransport, createSmtpTransport } from './mail/mail-transport.ts'
import { createMailOutbox } from './mail/outbox.service.ts'

/**
 * The outbox delivering mails (started and stopped with the server) and the account mails put in
 * it; the identity flows compose them, so only the outbox is the core's `mail` group.
 */
export function createMail({ db, config, clock, log, secretBox }: CoreShared) {
  // Without SMTP_URL mails go to the log (development only; config refuses it in production).
  const mailOutbox = createMailOutbox({
    db,
    clock,
    log,
    secretBox,
    transport:
      config.mail.smtpUrl === undefined
        ? createLogTransport(log)
        : createSmtpTransport(config.mail.smtpUrl, config.mail.from),
    pollSeconds: config.mail.pollSeconds,
    leaseSeconds: config.mail.claimSeconds,
  })
  // Mail links open the hosted pages, unless MAIL_BASE_URL names an outside web app (AMPnet's).
  const links =
    config.mail.baseUrl === undefined
      ? hostedPageLinks(pagesUrlOf(config))
      : webAppLinks(mailBaseUrlOf(config))
  return { mailOutbox, mails: createAccountMails({ db, clock, outbox: mailOutbox, links }) }
}
