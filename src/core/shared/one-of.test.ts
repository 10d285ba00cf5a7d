import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isOneOf } from './one-of.ts'

describe('isOneOf', () => {
  const isColour = isOneOf(['red', 'green'] as const)

  it('accepts the listed names only, by exact spelling', () => {
    assert.equal(isColour('red'), true)
    assert.equal(isColour('green'), true)
    assert.equal(isColour('RED'), false)
    assert.equal(isColour('blue'), false)
  })

  it('refuses what is not a string', () => {
    assert.equal(isColour(undefined), false)
    assert.equal(isColour(['red']), false)
  })
})
