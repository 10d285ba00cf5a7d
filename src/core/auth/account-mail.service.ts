import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { MailKind } from '../mail/mail.ts'
import type { MailOutbox } from '../mail/outbox.service.ts'
import type { Clock } from '../shared/clock.ts'
import { hashSecretToken, newId } from '../shared/random.ts'
import type { User } from '../user/user.ts'
import type { MailLinks } from './mail-links.ts'
import { findMailTokenByHash, insertMailToken } from './mail-token.repository.ts'
import { MAIL_TOKEN_TTL_SECONDS, type MailToken, type MailTokenPurpose } from './mail-token.ts'

export interface AccountMailDeps {
  readonly db: Db
  readonly clock: Clock
  readonly outbox: MailOutbox
  /** Where the links point: the hosted pages, or an outside web app such as AMPnet's. */
  readonly links: MailLinks
}

const mailKinds: Record<MailTokenPurpose, MailKind> = {
  confirm_email: 'user.confirmation',
  reset_password: 'user.reset-password',
}

export type AccountMails = ReturnType<typeof createAccountMails>

/**
 * Mails carrying a single-use token: the token is a UUID (the original's format, which clients
 * check), of which only a SHA-256 hash is stored; the mail goes through the durable outbox.
 */
export function createAccountMails({ db, clock, outbox, links }: AccountMailDeps) {
  const hashOf = (token: string) => hashSecretToken(token.trim().toLowerCase())

  return {
    /**
     * Creates a token for `user` and enqueues its mail, both through `executor`: pass the
     * transaction that makes their cause, so that the token and the mail exist exactly when it commits.
     */
    async send(executor: Db, user: User, coopIdentifier: string, purpose: MailTokenPurpose): Promise<void> {
      const token = randomUUID()
      const now = clock.now()
      await insertMailToken(
        executor,
        {
          id: newId(),
          userId: user.id,
          purpose,
          createdAt: now,
          expiresAt: new Date(now.getTime() + MAIL_TOKEN_TTL_SECONDS[purpose] * 1000),
        },
        hashOf(token),
      )
      await outbox.enqueue(executor, {
        kind: mailKinds[purpose],
        to: user.email,
        language: user.language,
        data: { link: links(purpose, coopIdentifier, token) },
      })
    },

    /** The stored token, expired or not; undefined when unknown or used. */
    find: (purpose: MailTokenPurpose, token: string): Promise<MailToken | undefined> =>
      findMailTokenByHash(db, purpose, hashOf(token)),

    isExpired: (token: MailToken): boolean => token.expiresAt.getTime() <= clock.now().getTime(),

    /** Asks the outbox to deliver now; call after the transaction that enqueued committed. */
    deliverSoon: (): void => outbox.nudge(),
  }
}
