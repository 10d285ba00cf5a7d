import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashSync } from '@node-rs/bcrypt'
import { createFailureFloor, type FailureFloor, hashKindOf } from './failure-floor.ts'
import { createPasswordHasher } from './password-hasher.ts'

describe('failure floor', () => {
  it('waits a failure out to a recent check of the slowest kind met, and to the minimum', async () => {
    const waits: number[] = []
    let draw = 0
    const floor = createFailureFloor({
      minimumMs: 5,
      sleep: async (ms) => void waits.push(ms),
      random: () => draw,
    })
    await floor.pad(1) // nothing met yet: the minimum
    floor.record('argon2id:m=19456,t=2,p=1', 20)
    await floor.pad(12)
    floor.record('bcrypt:12', 300)
    floor.record('bcrypt:12', 400)
    floor.record('argon2id:m=19456,t=2,p=1', 30) // a faster kind does not lower the floor
    await floor.pad(20) // draws the first bcrypt check
    draw = 0.99
    await floor.pad(20) // draws the last one
    await floor.pad(450) // already longer: no wait
    assert.deepEqual(waits, [4, 8, 280, 380])
  })

  it('keeps the last 32 checks of a kind', async () => {
    const waits: number[] = []
    const floor = createFailureFloor({
      minimumMs: 0,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
    })
    for (let n = 1; n <= 40; n++) floor.record('bcrypt:10', 100 + n)
    await floor.pad(0)
    assert.deepEqual(waits, [109])
  })

  it('names a hash’s kind by algorithm and cost, never by salt or digest', () => {
    assert.equal(hashKindOf('$2y$12$QaT70M9Au9bBhErBuV7A/O.6QD4bA.O5NumteJW9Kzhc8wBjs1sBS'), 'bcrypt:12')
    assert.equal(hashKindOf('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$ZGlnZXN0'), 'argon2id:m=19456,t=2,p=1')
    assert.equal(hashKindOf('not a hash'), 'unreadable')
  })
})

describe('password hasher with a failure floor', () => {
  const cheap = { memoryKib: 1024, iterations: 1, parallelism: 1 }

  it('times every check by its kind and holds every failure, the unknown account’s included, to the floor', async () => {
    const recorded: string[] = []
    let pads = 0
    const floor: FailureFloor = {
      record: (kind) => void recorded.push(kind),
      async pad() {
        pads += 1
      },
    }
    const hasher = createPasswordHasher(cheap, undefined, floor)
    const native = await hasher.hash('Password1')
    const imported = hashSync('Imported-pass1', 4)
    assert.equal(await hasher.verify(imported, 'Wrong-1'), false)
    assert.equal(await hasher.verifyDummy('Wrong-1'), false)
    assert.equal(await hasher.verify(native, 'Wrong-1'), false)
    assert.equal(pads, 3, 'each failure waits for the floor')
    assert.equal(await hasher.verify(native, 'Password1'), true)
    assert.equal(await hasher.verify(imported, 'Imported-pass1'), true)
    assert.equal(pads, 3, 'a success does not wait')
    const argon2 = 'argon2id:m=1024,t=1,p=1'
    assert.deepEqual(recorded, ['bcrypt:04', argon2, argon2, argon2, 'bcrypt:04'])
  })
})
