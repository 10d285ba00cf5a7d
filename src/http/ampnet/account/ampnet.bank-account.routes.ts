import type { FastifyInstance } from 'fastify'
import type { BankAccount, BankAccountInput } from '../../../core/bank-account/bank-account.ts'
import type { Core } from '../../../core/core.ts'
import { actorOf } from '../../shared/authenticate.ts'
import { tokenUserIdOf } from '../ampnet.auth.ts'
import { explained, frameworkError } from '../ampnet.errors.ts'
import { bodyObject, optionalString, requiredString } from '../ampnet.params.ts'

// A user's bank accounts, with HEAD's beneficiary fields.

function bankAccountBody(account: BankAccount) {
  return {
    id: account.id,
    iban: account.iban,
    bank_code: account.bankCode,
    created_at: account.createdAt.toISOString(),
    alias: account.alias ?? null,
    bank_name: account.bankName ?? null,
    bank_address: account.bankAddress ?? null,
    beneficiary_name: account.beneficiaryName ?? null,
    beneficiary_address: account.beneficiaryAddress ?? null,
    beneficiary_city: account.beneficiaryCity ?? null,
    beneficiary_country: account.beneficiaryCountry ?? null,
  }
}

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
const REQUIRED = { config: { auth: 'required' } } as const

export function bankAccountRoutes(app: FastifyInstance, core: Core): void {
  app.get('/bank-account', REQUIRED, async (request) => {
    const { user } = actorOf(request)
    return { bank_accounts: (await core.bankAccounts.list(user.id)).map(bankAccountBody) }
  })

  // The original checked the token, then the body, then whether the user exists (0301).
  app.post('/bank-account', { config: { auth: 'required', missingUser: 'route' } }, async (request) => {
    const input = bankAccountInput(request.body)
    const userId = tokenUserIdOf(request)
    const account = await explained(core.bankAccounts.create(userId, input), {
      user_not_found: `Missing user with uuid: ${userId}`,
    })
    return bankAccountBody(account)
  })

  app.delete<{ Params: { id: string } }>('/bank-account/:id', REQUIRED, async (request, reply) => {
    const { user } = actorOf(request)
    if (!ID_SHAPE.test(request.params.id)) throw frameworkError(400)
    await core.bankAccounts.remove(user.id, Number(request.params.id))
    return reply.code(200).send()
  })
}
