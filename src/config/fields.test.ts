import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { integer, oneOf, optionalText, pathPrefix, rateLimit, secretText, trustProxy } from './fields.ts'

const messageOf = (parse: () => unknown): string => {
  try {
    parse()
    return 'parsed'
  } catch (error) {
    return (error as Error).message
  }
}

describe('field constructors', () => {
  it('keep the variable, default and description an options object names', () => {
    const port = integer({ env: 'PORT', default: 3000, min: 1, max: 9, doc: 'TCP port' })
    assert.deepEqual(
      [port.env, port.defaultValue, port.description, port.secret],
      ['PORT', 3000, 'TCP port', false],
    )
    assert.equal(port.parse('9'), 9)
    assert.equal(
      messageOf(() => port.parse('10')),
      'must be between 1 and 9',
    )
  })

  it('bound an integer by 0 and 2^31 when the options leave min and max out', () => {
    const count = integer({ env: 'COUNT', default: 1, doc: 'count' })
    assert.equal(count.parse('0'), 0)
    assert.equal(
      messageOf(() => count.parse('-1')),
      'must be between 0 and 2147483648',
    )
    assert.equal(
      messageOf(() => count.parse(String(2 ** 31 + 1))),
      'must be between 0 and 2147483648',
    )
  })

  it('default a path prefix to the root, optional text and secrets to unset, a proxy to untrusted', () => {
    assert.equal(pathPrefix({ env: 'P', doc: 'p' }).defaultValue, '')
    assert.equal(pathPrefix({ env: 'P', default: '/oidc', doc: 'p' }).defaultValue, '/oidc')
    assert.equal(optionalText({ env: 'T', doc: 't' }).defaultValue, undefined)
    assert.equal(trustProxy({ env: 'TRUST_PROXY', doc: 't' }).defaultValue, false)
    const secret = secretText({ env: 'S', minLength: 4, doc: 's' })
    assert.deepEqual([secret.defaultValue, secret.secret], [undefined, true])
    assert.equal(
      messageOf(() => secret.parse('abc')),
      'must be at least 4 characters',
    )
  })

  it('parse a rate limit default written as COUNT/SECONDS and show it the same way', () => {
    const limit = rateLimit({ env: 'RATE', default: '30/60', doc: 'r' })
    assert.deepEqual([limit.defaultValue.limit, limit.defaultValue.windowSeconds], [30, 60])
    assert.equal(String(limit.defaultValue), '30/60')
  })

  it('accept only the listed choices', () => {
    const level = oneOf({ env: 'LEVEL', choices: ['a', 'b'], default: 'a', doc: 'l' })
    assert.equal(level.parse(' b '), 'b')
    assert.equal(
      messageOf(() => level.parse('c')),
      'must be one of a, b',
    )
  })
})
