import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BoundedMap } from './bounded-map.ts'

it('forgets the oldest entry for a new key past its capacity, not for a key it holds', () => {
  const map = new BoundedMap<string, number>(2)
  map.set('a', 1).set('b', 2)
  map.set('a', 10)
  assert.deepEqual(
    [...map],
    [
      ['a', 10],
      ['b', 2],
    ],
  )
  map.set('c', 3)
  assert.deepEqual(
    [...map],
    [
      ['b', 2],
      ['c', 3],
    ],
  )
  map.delete('b')
  map.set('d', 4)
  assert.deepEqual([...map.keys()], ['c', 'd'])
})
