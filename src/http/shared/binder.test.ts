import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBinder, fieldsOf, objectOf } from './binder.ts'

describe('createBinder', () => {
  it('reads strings and collects every problem in the order the fields were read', () => {
    const binder = createBinder({ a: 'x', b: 3, d: null })
    const fields = binder.strings(['a', 'b', 'c'], ['d', 'e'])
    assert.deepEqual(fields, { a: 'x' })
    assert.deepEqual(binder.problems, [
      { field: 'b', problem: 'must be a string' },
      { field: 'c', problem: 'is required' },
    ])
  })

  it('lets the surface say what counts as blank, per required or optional field', () => {
    const binder = createBinder(
      { a: '', b: '' },
      (value, required) => value === undefined || (required && value === ''),
    )
    assert.deepEqual(binder.strings(['a'], ['b']), { b: '' })
    assert.deepEqual(binder.problems, [{ field: 'a', problem: 'is required' }])
  })

  it('returns values of any type when asked for a value, not a string', () => {
    const binder = createBinder({ n: 5 })
    assert.equal(binder.value('n', true), 5)
    assert.equal(binder.value('m', false), undefined)
    assert.deepEqual(binder.problems, [])
  })

  it('binds input that is no object like an empty one', () => {
    for (const input of [undefined, null, 'text', 3, ['a']]) {
      assert.equal(objectOf(input), undefined)
      assert.deepEqual(fieldsOf(input), {})
      const binder = createBinder(input)
      binder.strings(['a'])
      assert.deepEqual(binder.problems, [{ field: 'a', problem: 'is required' }])
    }
  })
})
