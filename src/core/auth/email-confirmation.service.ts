import type { Db } from '../../db/database.ts'
import type { AbuseGuard, ClientRef } from '../abuse/abuse-guard.ts'
import { AppError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import type { TenantService } from '../tenant/tenant.service.ts'
import { findUserById } from '../user/user.repository.ts'
import type { User } from '../user/user.ts'
import { confirmUserEmail } from '../user/user-account.repository.ts'
import type { AccountMails } from './account-mail.service.ts'
import { deleteMailToken, deleteMailTokensOfUser } from './mail-token.repository.ts'

export interface EmailConfirmationDeps {
  readonly db: Db
  readonly clock: Clock
  readonly tenants: TenantService
  readonly mails: AccountMails
  /** A resend counts against the client and the address it mails. */
  readonly abuse: Pick<AbuseGuard, 'limit'>
}

export type EmailConfirmation = ReturnType<typeof createEmailConfirmation>

export function createEmailConfirmation({ db, clock, tenants, mails, abuse }: EmailConfirmationDeps) {
  return {
    /**
     * Confirms the address the token was sent to and enables the account. An expired token is
     * kept (the original's behaviour), so it keeps answering "expired" rather than "unknown".
     * @throws {AppError} confirmation_token_not_found, confirmation_token_expired
     */
    async confirm(token: string): Promise<void> {
      const found = await mails.find('confirm_email', token)
      if (found === undefined) throw new AppError('confirmation_token_not_found')
      if (mails.isExpired(found)) throw new AppError('confirmation_token_expired')
      await db.transaction().execute(async (trx) => {
        // Whoever deletes the token confirms; a second click racing the first finds nothing.
        if (!(await deleteMailToken(trx, found.id))) throw new AppError('confirmation_token_not_found')
        await confirmUserEmail(trx, found.userId, clock.now())
      })
    },

    /**
     * Replaces the user's confirmation token with a new one and mails it again. Accounts that sign
     * in through a social provider have no address to confirm: nothing happens. The request counts
     * against the client and the caller's address first.
     * @throws {AppError} rate_limited, user_not_found
     */
    async resend(client: ClientRef, caller: Pick<User, 'id' | 'tenantId' | 'email'>): Promise<void> {
      const { identifier } = await tenants.get(caller.tenantId)
      await abuse.limit('mailResend', client, { tenant: identifier, identifier: caller.email })
      const user = await findUserById(db, caller.id)
      if (user === undefined) throw new AppError('user_not_found')
      if (user.authMethod !== 'EMAIL') return
      const coop = await tenants.get(user.tenantId)
      await db.transaction().execute(async (trx) => {
        await deleteMailTokensOfUser(trx, user.id, 'confirm_email')
        await mails.send(trx, user, coop.identifier, 'confirm_email')
      })
      mails.deliverSoon()
    },
  }
}
