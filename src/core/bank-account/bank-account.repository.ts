import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import { date, integer, optional, rowMapper } from '../../db/row-mapping.ts'
import { deleteRows } from '../../db/rows.ts'
import type { BankAccountTable } from '../../db/schema.ts'
import { snakeOrNull } from '../shared/snake-case.ts'
import { BANK_ACCOUNT_DETAILS, type BankAccount, type BankAccountInput } from './bank-account.ts'

const toBankAccount = rowMapper<Selectable<BankAccountTable>, BankAccount>({
  id: integer('id'),
  userId: 'user_id',
  iban: 'iban',
  bankCode: 'bank_code',
  alias: optional('alias'),
  bankName: optional('bank_name'),
  bankAddress: optional('bank_address'),
  beneficiaryName: optional('beneficiary_name'),
  beneficiaryAddress: optional('beneficiary_address'),
  beneficiaryCity: optional('beneficiary_city'),
  beneficiaryCountry: optional('beneficiary_country'),
  createdAt: date('created_at'),
})

/** The user's accounts, oldest first. */
export async function findBankAccountsOfUser(db: Db, userId: string): Promise<BankAccount[]> {
  const rows = await db
    .selectFrom('bank_accounts')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute()
  return rows.map(toBankAccount)
}

export async function insertBankAccount(
  db: Db,
  userId: string,
  input: BankAccountInput,
  createdAt: Date,
): Promise<BankAccount> {
  const row = await db
    .insertInto('bank_accounts')
    .values({
      user_id: userId,
      iban: input.iban,
      bank_code: input.bankCode,
      ...snakeOrNull(input, BANK_ACCOUNT_DETAILS),
      created_at: createdAt.getTime(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toBankAccount(row)
}

/** Deletes the account only if it is the user's; nothing happens otherwise. */
export async function deleteBankAccountOfUser(db: Db, userId: string, id: number): Promise<void> {
  await deleteRows(db, 'bank_accounts', { id, user_id: userId })
}
