import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { totpCode } from '../../../test/support/mfa.ts'
import { matchingTotpStep, newTotpSecret, totpUri } from './totp.ts'

// RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const at = (seconds: number) => new Date(seconds * 1000)

describe('TOTP', () => {
  it('gives the RFC 6238 test vectors (their last six digits)', () => {
    assert.equal(totpCode(RFC_SECRET, at(59)), '287082')
    assert.equal(totpCode(RFC_SECRET, at(1_111_111_109)), '081804')
    assert.equal(totpCode(RFC_SECRET, at(2_000_000_000)), '279037')
  })

  it('accepts a code one step either side of now and names its step', () => {
    const now = 1_111_111_109 // step 37 037 036
    assert.equal(matchingTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at(now)), at(now)), 37_037_036)
    assert.equal(matchingTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at(now - 30)), at(now)), 37_037_035)
    assert.equal(matchingTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at(now + 30)), at(now)), 37_037_037)
  })

  it('refuses a code two steps away, a wrong code and anything not six digits', () => {
    const now = 1_111_111_109
    assert.equal(matchingTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at(now - 60)), at(now)), undefined)
    assert.equal(matchingTotpStep(RFC_SECRET, totpCode(RFC_SECRET, at(now + 60)), at(now)), undefined)
    const right = totpCode(RFC_SECRET, at(now))
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    assert.equal(matchingTotpStep(RFC_SECRET, wrong, at(now)), undefined)
    assert.equal(matchingTotpStep(RFC_SECRET, '', at(now)), undefined)
    assert.equal(matchingTotpStep(RFC_SECRET, `${right}0`, at(now)), undefined)
    assert.equal(matchingTotpStep(RFC_SECRET, 'abcdef', at(now)), undefined)
  })

  it('takes a code typed with a space in the middle', () => {
    const code = totpCode(RFC_SECRET, at(59))
    assert.equal(matchingTotpStep(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, at(59)), 1)
  })

  it('makes 160-bit secrets and an otpauth URI naming the issuer and the account', () => {
    const secret = newTotpSecret()
    assert.match(secret, /^[A-Z2-7]{32}$/)
    assert.notEqual(secret, newTotpSecret())
    assert.equal(
      totpUri(RFC_SECRET, 'Latchkey', 'ann@example.com'),
      `otpauth://totp/Latchkey:ann%40example.com?issuer=Latchkey&secret=${RFC_SECRET}&algorithm=SHA1&digits=6&period=30`,
    )
  })
})
