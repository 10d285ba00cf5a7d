import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bicProblem, ibanProblem, lengthProblems } from './bank-account.ts'

// AMPnet's bank-account fixtures and iban4j's rules, checked against ibantools directly.
describe('bank account rules', () => {
  it('accepts the seed fixtures and other well-formed IBANs and BICs', () => {
    for (const iban of [
      'HR1723600001101234565',
      'AZ96AZEJ00000000001234567890',
      'DE89370400440532013000',
      'GB29NWBK60161331926819',
      'FR1420041010050500013M02606',
    ]) {
      assert.equal(ibanProblem(iban), undefined, iban)
    }
    for (const bic of ['DABAIE2D', 'NTSBDEB1', 'DEUTDEFF500', 'NWBKGB2L'])
      assert.equal(bicProblem(bic), undefined, bic)
  })

  it('refuses the seed fixtures invalid-iban and invalid-bank-code', () => {
    assert.equal(ibanProblem('invalid-iban'), 'Iban country code must contain upper case letters.')
    assert.equal(bicProblem('invalid-bank-code'), 'Bic length must be 8 or 11')
  })

  it('normalises nothing: spaces and lower case are invalid', () => {
    assert.notEqual(ibanProblem('DE89 3704 0044 0532 0130 00'), undefined)
    assert.notEqual(ibanProblem('de89370400440532013000'), undefined)
    assert.notEqual(ibanProblem(' DE89370400440532013000'), undefined)
    assert.notEqual(bicProblem('deutdeff'), undefined)
    assert.notEqual(bicProblem('DEUTDEFF '), undefined)
  })

  it('reports only the optional fields that are too long, by their core names', () => {
    const input = {
      iban: 'x'.repeat(100),
      bankCode: 'y'.repeat(100),
      alias: 'a'.repeat(129),
      bankName: undefined,
      bankAddress: 'b'.repeat(128),
      beneficiaryName: undefined,
      beneficiaryAddress: undefined,
      beneficiaryCity: 'c'.repeat(65),
      beneficiaryCountry: undefined,
    }
    assert.deepEqual(lengthProblems(input), [
      { field: 'alias', problem: 'size must be between 0 and 128' },
      { field: 'beneficiaryCity', problem: 'size must be between 0 and 64' },
    ])
  })
})
