import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createPasswordHasher } from './password-hasher.ts'

const cheap = { memoryKib: 1024, iterations: 1, parallelism: 1 }

describe('password hasher', () => {
  it('hashes with Argon2id and the configured parameters, and verifies', async () => {
    const hasher = createPasswordHasher(cheap)
    const hash = await hasher.hash('Password1')
    assert.match(hash, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
    assert.equal(await hasher.verify(hash, 'Password1'), true)
    assert.equal(await hasher.verify(hash, 'Password2'), false)
    assert.equal(await hasher.verify('not a hash', 'Password1'), false)
  })

  it('asks for a rehash when the parameters change, not before', async () => {
    const hash = await createPasswordHasher(cheap).hash('Password1')
    assert.equal(createPasswordHasher(cheap).needsRehash(hash), false)
    assert.equal(createPasswordHasher({ ...cheap, memoryKib: 2048 }).needsRehash(hash), true)
    assert.equal(createPasswordHasher({ ...cheap, iterations: 2 }).needsRehash(hash), true)
    assert.equal(createPasswordHasher(cheap).needsRehash('$2b$10$legacybcrypthash'), true)
  })

  it('answers false from the dummy verification, whatever the password', async () => {
    const hasher = createPasswordHasher(cheap)
    for (const password of ['', 'Password1', 'x'.repeat(1000)])
      assert.equal(await hasher.verifyDummy(password), false)
  })
})
