import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { BankAccountTable } from '../../db/schema.ts'
import type { BankAccount, BankAccountInput } from './bank-account.ts'

function toBankAccount(row: Selectable<BankAccountTable>): BankAccount {
  return {
    id: Number(row.id),
    userId: row.user_id,
    iban: row.iban,
    bankCode: row.bank_code,
    alias: row.alias ?? undefined,
    bankName: row.bank_name ?? undefined,
    bankAddress: row.bank_address ?? undefined,
    beneficiaryName: row.beneficiary_name ?? undefined,
    beneficiaryAddress: row.beneficiary_address ?? undefined,
    beneficiaryCity: row.beneficiary_city ?? undefined,
    beneficiaryCountry: row.beneficiary_country ?? undefined,
    createdAt: new Date(Number(row.created_at)),
  }
}

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
      alias: input.alias ?? null,
      bank_name: input.bankName ?? null,
      bank_address: input.bankAddress ?? null,
      beneficiary_name: input.beneficiaryName ?? null,
      beneficiary_address: input.beneficiaryAddress ?? null,
      beneficiary_city: input.beneficiaryCity ?? null,
      beneficiary_country: input.beneficiaryCountry ?? null,
      created_at: createdAt.getTime(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toBankAccount(row)
}

/** Deletes the account only if it is the user's; nothing happens otherwise. */
export async function deleteBankAccountOfUser(db: Db, userId: string, id: number): Promise<void> {
  await db.deleteFrom('bank_accounts').where('id', '=', id).where('user_id', '=', userId).execute()
}
