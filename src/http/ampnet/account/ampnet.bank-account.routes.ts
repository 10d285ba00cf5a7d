import Type from 'typebox'
import {
  BANK_ACCOUNT_DETAILS,
  type BankAccount,
  type BankAccountInput,
} from '../../../core/bank-account/bank-account.ts'
import { AppError } from '../../../core/errors.ts'
import { snakeOrNull } from '../../../core/shared/snake-case.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { defineRoute } from '../../shared/define-route.ts'
import { tokenUserIdOf } from '../ampnet.auth.ts'
import { answeredEmpty, emptySuccess, guardedErrors } from '../ampnet.contract.ts'
import { ampnetError, explained, frameworkError } from '../ampnet.errors.ts'
import { bodyObject, optionalString, requiredString } from '../ampnet.params.ts'
import type { AmpnetDeps } from '../ampnet.wire.ts'

// A user's bank accounts, with HEAD's beneficiary fields.

const nullableString = Type.Union([Type.String(), Type.Null()])

// Property order is wire order.
const bankAccountSchema = Type.Object(
  {
    id: Type.Integer(),
    iban: Type.String(),
    bank_code: Type.String(),
    created_at: Type.String(),
    alias: nullableString,
    bank_name: nullableString,
    bank_address: nullableString,
    beneficiary_name: nullableString,
    beneficiary_address: nullableString,
    beneficiary_city: nullableString,
    beneficiary_country: nullableString,
  },
  { description: 'The account' },
)

function bankAccountBody(account: BankAccount): Type.Static<typeof bankAccountSchema> {
  return {
    id: account.id,
    iban: account.iban,
    bank_code: account.bankCode,
    created_at: account.createdAt.toISOString(),
    ...snakeOrNull(account, BANK_ACCOUNT_DETAILS),
  }
}

const optional = Type.Optional(Type.String())
const bankAccountRequest = Type.Object({
  iban: Type.String(),
  bank_code: Type.String(),
  alias: optional,
  bank_name: optional,
  bank_address: optional,
  beneficiary_name: optional,
  beneficiary_address: optional,
  beneficiary_city: optional,
  beneficiary_country: optional,
})

function bankAccountInput(raw: unknown): BankAccountInput {
  const body = bodyObject(raw)
  return {
    iban: requiredString(body, 'iban'),
    bankCode: requiredString(body, 'bank_code'),
    alias: optionalString(body, 'alias'),
    bankName: optionalString(body, 'bank_name'),
    bankAddress: optionalString(body, 'bank_address'),
    beneficiaryName: optionalString(body, 'beneficiary_name'),
    beneficiaryAddress: optionalString(body, 'beneficiary_address'),
    beneficiaryCity: optionalString(body, 'beneficiary_city'),
    beneficiaryCountry: optionalString(body, 'beneficiary_country'),
  }
}

const ID_SHAPE = /^\d{1,15}$/

const list = defineRoute({
  method: 'GET',
  path: '/bank-account',
  auth: 'required',
  schema: {
    response: {
      200: Type.Object({ bank_accounts: Type.Array(bankAccountSchema) }, { description: 'The accounts' }),
    },
  },
  doc: { summary: "The caller's bank accounts", security: ['bearer'], errors: guardedErrors({}, false) },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const { user } = actorOf(request)
    return { bank_accounts: (await core.kyc.bankAccounts.list(user.id)).map(bankAccountBody) }
  },
})

// The original checked the token, then the body, then whether the user exists (0301).
const create = defineRoute({
  method: 'POST',
  path: '/bank-account',
  auth: 'required',
  config: { missingUser: 'route' },
  schema: { body: bankAccountRequest, response: { 200: bankAccountSchema } },
  doc: {
    summary: 'Add a bank account',
    security: ['bearer'],
    errors: guardedErrors(
      {
        400: {
          description: '0808, 0302 or 0301',
          examples: [
            new AppError('validation_failed'),
            new AppError('invalid_bank_account'),
            ampnetError('0301', 'Missing user with uuid: x'),
          ],
        },
      },
      false,
    ),
  },
  handler: async (request, _reply, { core }: AmpnetDeps) => {
    const input = bankAccountInput(request.body)
    const userId = tokenUserIdOf(request)
    const account = await explained(core.kyc.bankAccounts.create(userId, input), {
      user_not_found: `Missing user with uuid: ${userId}`,
    })
    return bankAccountBody(account)
  },
})

const remove = defineRoute({
  method: 'DELETE',
  path: '/bank-account/:id',
  auth: 'required',
  schema: {
    params: Type.Object({ id: Type.Integer({ description: 'Account id' }) }),
    response: { 200: emptySuccess('Deleted') },
  },
  doc: {
    summary: 'Delete a bank account (a missing one too)',
    security: ['bearer'],
    errors: guardedErrors({}, false),
  },
  handler: answeredEmpty((request, { core }: AmpnetDeps) => {
    const { user } = actorOf(request)
    const { id } = request.params as { id: string }
    if (!ID_SHAPE.test(id)) throw frameworkError(400)
    return core.kyc.bankAccounts.remove(user.id, Number(id))
  }),
})

export const bankAccountRoutes = [list, create, remove]
