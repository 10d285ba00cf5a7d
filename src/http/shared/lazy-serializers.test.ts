import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lazySerializers } from './lazy-serializers.ts'

const route = (schema: object) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' })

describe('lazy response serializers', () => {
  it('serialize as fast-json-stringify does: declared fields only, in schema order', () => {
    const compile = lazySerializers({}, {})
    const schema = { type: 'object', properties: { b: { type: 'number' }, a: { type: 'string' } } }
    const serialize = compile(route(schema))
    assert.equal(serialize({ a: 'x', secret: 'y', b: 1 }), '{"b":1,"a":"x"}')
    assert.equal(serialize({ a: 'z', b: 2 }), '{"b":2,"a":"z"}')
  })

  it('compile a schema only when its status is first sent', () => {
    const compile = lazySerializers({}, {})
    const broken = { type: 'object', properties: { a: { $ref: '#/definitions/nowhere' } } }
    const serialize = compile(route(broken))
    assert.throws(() => serialize({ a: 1 }))
  })
})
