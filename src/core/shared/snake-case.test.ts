import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { snakeOrNull } from './snake-case.ts'

describe('snakeOrNull', () => {
  it('names the fields in snake_case, in the order asked, an undefined one as null', () => {
    const source = { bankName: 'Bank', reasonCode: undefined, ip: '::1', code: 0, left: 'out' }
    const picked = snakeOrNull(source, ['reasonCode', 'ip', 'bankName', 'code'])
    assert.deepEqual(Object.entries(picked), [
      ['reason_code', null],
      ['ip', '::1'],
      ['bank_name', 'Bank'],
      ['code', 0],
    ])
  })
})
