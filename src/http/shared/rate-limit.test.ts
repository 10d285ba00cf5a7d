import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clientKeyOf } from './rate-limit.ts'

describe('clientKeyOf', () => {
  it('keeps an IPv4 address whole, also when IPv4-mapped', () => {
    assert.equal(clientKeyOf('203.0.113.7'), '203.0.113.7')
    assert.equal(clientKeyOf('::ffff:203.0.113.7'), '203.0.113.7')
  })

  it('groups IPv6 addresses by their /64, however they are written', () => {
    assert.equal(clientKeyOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64')
    assert.equal(clientKeyOf('2001:0DB8:0001:0002::1'), '2001:db8:1:2::/64')
    assert.equal(clientKeyOf('2001:db8::1'), '2001:db8:0:0::/64')
    assert.equal(clientKeyOf('2001:db8:0:0:1::'), '2001:db8:0:0::/64')
    assert.equal(clientKeyOf('fe80::1%eth0'), 'fe80:0:0:0::/64')
    assert.equal(clientKeyOf('::1'), '0:0:0:0::/64')
    assert.equal(clientKeyOf('64:ff9b::192.0.2.33'), '64:ff9b:0:0::/64')
    assert.notEqual(clientKeyOf('2001:db8:1:2::1'), clientKeyOf('2001:db8:1:3::1'))
  })
})
