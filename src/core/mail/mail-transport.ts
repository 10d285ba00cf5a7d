import type { Transporter } from 'nodemailer'
import { lazyModule } from '../shared/lazy-module.ts'
import type { Logger } from '../shared/logger.ts'
import type { MailTransport } from './mail.ts'

const nodemailer = lazyModule<typeof import('nodemailer')>('nodemailer')

/** Real SMTP (smtp://user:pass@host:port, smtps://… for implicit TLS). */
export function createSmtpTransport(url: string, from: string): MailTransport {
  let transporter: Transporter | undefined
  return {
    async send(message) {
      // Bounded so that one send always ends well within the outbox's claim on the mail.
      transporter ??= nodemailer().createTransport({
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      })
      await transporter.sendMail({ from, ...message })
    },
    close: () => transporter?.close(),
  }
}

/**
 * Development without SMTP: the mail goes to the log so that a developer can follow its link.
 * It carries a live token, which is why this transport is refused in production (see config).
 */
export function createLogTransport(log: Logger): MailTransport {
  return {
    async send(message) {
      log.info(
        { mail: { to: message.to, subject: message.subject, text: message.text } },
        'mail (no SMTP_URL set)',
      )
    },
    close() {},
  }
}
