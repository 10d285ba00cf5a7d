import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, it } from 'node:test'
import {
  ampnetBody,
  ampnetSuite,
  bearer,
  signedInUser,
  WITHOUT_CONFIRMATION,
} from '../../../../test/support/ampnet-client.ts'

const account = {
  iban: 'HR1723600001101234565',
  bank_code: 'DABAIE2D',
  alias: 'alias',
  bank_name: 'XYZ bank',
  bank_address: 'XYZ address',
  beneficiary_name: 'Ampnet coop',
  beneficiary_address: 'Beneficiary address',
  beneficiary_city: 'Beneficiary city',
  beneficiary_country: 'Beneficiary country',
}

const invalidData = (message: string) => ampnetBody('0302', 'Invalid bank account data', message)

ampnetSuite('ampnet bank accounts', WITHOUT_CONFIRMATION, ({ app }) => {
  let token: string
  let otherToken: string
  before(async () => {
    token = (await signedInUser(app, 'bank@example.com')).accessToken
    otherToken = (await signedInUser(app, 'other@example.com')).accessToken
  })

  const list = (as = token) => app.inject({ method: 'GET', url: '/bank-account', headers: bearer(as) })
  const create = (payload: object, as = token) =>
    app.inject({ method: 'POST', url: '/bank-account', headers: bearer(as), payload })
  const remove = (id: number | string, as = token) =>
    app.inject({ method: 'DELETE', url: `/bank-account/${id}`, headers: bearer(as) })

  it('creates, lists and deletes an account with every HEAD field', async () => {
    const before = app.clock.now().getTime()
    const created = await create(account)
    assert.equal(created.statusCode, 200, created.body)
    const body = created.json()
    assert.ok(Number.isInteger(body.id))
    assert.ok(
      Date.parse(body.created_at) <= app.clock.now().getTime() && Date.parse(body.created_at) >= before,
    )
    assert.deepEqual(body, { id: body.id, created_at: body.created_at, ...account })
    const second = await create({ iban: 'AZ96AZEJ00000000001234567890', bank_code: 'NTSBDEB1' })
    assert.equal(second.statusCode, 200)
    assert.deepEqual(second.json(), {
      id: second.json().id,
      iban: 'AZ96AZEJ00000000001234567890',
      bank_code: 'NTSBDEB1',
      created_at: second.json().created_at,
      alias: null,
      bank_name: null,
      bank_address: null,
      beneficiary_name: null,
      beneficiary_address: null,
      beneficiary_city: null,
      beneficiary_country: null,
    })
    assert.deepEqual((await list()).json(), { bank_accounts: [body, second.json()] })
    assert.deepEqual((await list(otherToken)).json(), { bank_accounts: [] })

    const deleted = await remove(body.id)
    assert.equal(deleted.statusCode, 200)
    assert.equal(deleted.body, '')
    assert.deepEqual((await list()).json(), { bank_accounts: [second.json()] })
    await remove(second.json().id)
    assert.deepEqual((await list()).json(), { bank_accounts: [] })
  })

  it("deletes silently: a missing id or someone else's account answers 200 and changes nothing", async () => {
    const mine = (await create(account)).json()
    const theirs = await remove(mine.id, otherToken)
    assert.equal(theirs.statusCode, 200)
    assert.equal(theirs.body, '')
    assert.deepEqual((await list()).json(), { bank_accounts: [mine] })
    const missing = await remove(987654)
    assert.equal(missing.statusCode, 200)
    assert.equal(missing.body, '')
    assert.equal((await remove('abc')).statusCode, 400)
    await remove(mine.id)
  })

  it('rejects an invalid IBAN or BIC with 0302 and the validator’s message', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ iban: 'invalid-iban' }, 'Iban country code must contain upper case letters.'],
      [{ bank_code: 'invalid-bank-code' }, 'Bic length must be 8 or 11'],
      [{ iban: 'hr1723600001101234565' }, 'Iban country code must contain upper case letters.'],
      [
        { iban: 'HR17 2360 0001 1012 3456 5' },
        '[HR17 2360 0001 1012 3456 5] length is not the length of a HR Iban.',
      ],
      [{ iban: 'HR1723600001101234566' }, '[HR1723600001101234566] has invalid national check digits.'],
      [{ iban: 'DE89370400440532013001' }, '[DE89370400440532013001] has invalid check digit: 89'],
      [{ iban: 'XX1723600001101234565' }, 'Iban contains non existing country code: XX'],
      [{ iban: 'HRAB23600001101234565' }, "Iban's check digit should contain only digits."],
      [{ iban: '' }, "Empty string can't be a valid Iban."],
      [{ bank_code: 'dabaie2d' }, 'Bic must contain only upper case letters.'],
      [{ bank_code: 'DAB1IE2D' }, 'Bank code must contain only letters.'],
      [{ bank_code: 'DABAXX2D' }, 'Bic contains non existing country code: XX'],
      [{ bank_code: 'DABA1E2D' }, 'Bic country code must contain upper case letters'],
      [{ bank_code: 'DABAIE2-' }, 'Location code must contain only letters or digits.'],
      [{ bank_code: 'DABAIE2DXY-' }, 'Branch code must contain only letters or digits.'],
      // The BIC is checked before the IBAN.
      [{ iban: 'invalid-iban', bank_code: 'invalid-bank-code' }, 'Bic length must be 8 or 11'],
    ]
    for (const [change, message] of cases) {
      const response = await create({ ...account, ...change })
      assert.equal(response.statusCode, 400, JSON.stringify(change))
      assert.deepEqual(response.json(), invalidData(message), JSON.stringify(change))
    }
    assert.deepEqual((await create({ ...account, bank_code: 'DABAIE2DXXX' })).statusCode, 200)
    assert.equal((await list()).json().bank_accounts.length, 1)
  })

  it('checks lengths first, with 0808 keyed by the original field names', async () => {
    const alias = await create({ ...account, alias: 'aaa'.repeat(50), iban: 'invalid-iban' })
    assert.equal(alias.statusCode, 400)
    assert.deepEqual(
      alias.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'alias size must be between 0 and 128. ', {
        alias: 'size must be between 0 and 128',
      }),
    )
    const many = await create({
      ...account,
      iban: 'A'.repeat(65),
      bank_name: 'b'.repeat(129),
      beneficiary_address: 'c'.repeat(257),
      beneficiary_city: 'd'.repeat(65),
      beneficiary_country: 'e'.repeat(65),
    })
    assert.deepEqual(many.json().errors, {
      bankName: 'size must be between 0 and 128',
      beneficiaryAddress: 'size must be between 0 and 256',
      beneficiaryCity: 'size must be between 0 and 64',
      beneficiaryCountry: 'size must be between 0 and 64',
    })
  })

  it('answers the framework 400 to a missing or mistyped field, and 0206 without a token', async () => {
    for (const payload of [{ bank_code: 'DABAIE2D' }, { iban: account.iban }, { ...account, alias: 5 }]) {
      const response = await create(payload)
      assert.equal(response.statusCode, 400)
      assert.equal(response.json().status, 400)
    }
    const anonymous = await app.inject({ method: 'POST', url: '/bank-account', payload: account })
    assert.deepEqual(anonymous.json(), {
      description: 'Failed to register JWT',
      err_code: '0206',
      message: 'Full authentication is required to access this resource',
    })
    assert.equal((await app.inject({ method: 'GET', url: '/bank-account' })).json().err_code, '0206')
  })

  it('answers 0301 when the token’s user is gone', async () => {
    const userId = randomUUID()
    const stranger = await app.core.sessions.tokens.issue({
      userId,
      tenantId: app.core.tenants.tenants.defaultTenant().id,
      sessionId: randomUUID(),
      ttlSeconds: 60,
    })
    const response = await create(account, stranger)
    assert.equal(response.statusCode, 400)
    assert.deepEqual(
      response.json(),
      ampnetBody('0301', 'Missing user defined in JWT', `Missing user with uuid: ${userId}`),
    )
  })
})
