import type { Db } from '../../db/database.ts'
import { AppError, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { findUserById } from '../user/user.repository.ts'
import {
  deleteBankAccountOfUser,
  findBankAccountsOfUser,
  insertBankAccount,
} from './bank-account.repository.ts'
import {
  type BankAccount,
  type BankAccountInput,
  bicProblem,
  ibanProblem,
  lengthProblems,
} from './bank-account.ts'

export type BankAccountService = ReturnType<typeof createBankAccountService>

/** A user's own bank accounts (AMPnet's `/bank-account`): not shared, not tenant-wide. */
export function createBankAccountService({ db, clock }: { readonly db: Db; readonly clock: Clock }) {
  return {
    list: (userId: string): Promise<BankAccount[]> => findBankAccountsOfUser(db, userId),

    /**
     * Checks in the original's order: lengths, the user, the BIC, the IBAN.
     * @throws {AppError} validation_failed, user_not_found, invalid_bank_account
     */
    async create(userId: string, input: BankAccountInput): Promise<BankAccount> {
      const problems = lengthProblems(input)
      if (problems.length > 0) throw validationError(problems)
      if ((await findUserById(db, userId)) === undefined) throw new AppError('user_not_found')
      const bic = bicProblem(input.bankCode)
      if (bic !== undefined)
        throw new AppError('invalid_bank_account', { problems: [{ field: 'bankCode', problem: bic }] })
      const iban = ibanProblem(input.iban)
      if (iban !== undefined)
        throw new AppError('invalid_bank_account', { problems: [{ field: 'iban', problem: iban }] })
      return insertBankAccount(db, userId, input, clock.now())
    },

    /** Silent when the id is unknown or someone else's: the caller learns nothing about others. */
    remove: (userId: string, id: number): Promise<void> => deleteBankAccountOfUser(db, userId, id),
  }
}
