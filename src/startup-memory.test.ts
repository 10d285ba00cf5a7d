import assert from 'node:assert/strict'
import { test } from 'node:test'
import { getHeapSpaceStatistics } from 'node:v8'
import { releaseStartupMemory } from './startup-memory.ts'

const youngSpaceBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0

test('gives back the young generation that start-up grew, without exposing gc to the application', () => {
  // Objects that survive their first collections, as modules and routes do at start-up: V8 grows
  // the young generation to hold them.
  let kept: unknown[] = []
  for (let i = 0; i < 1_000_000; i++) kept.push({ i, name: `object ${i}` })
  kept = []
  const grown = youngSpaceBytes()
  releaseStartupMemory()
  const after = youngSpaceBytes()
  assert.ok(after < grown, `young generation ${grown} → ${after} bytes`)
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined')
})
