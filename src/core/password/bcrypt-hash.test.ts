import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Algorithm, hash } from '@node-rs/argon2'
import { hashSync } from '@node-rs/bcrypt'
import { isBcryptHash } from './bcrypt-hash.ts'
import { isImportableHash } from './imported-hash.ts'
import { createPasswordHasher } from './password-hasher.ts'

const hasher = createPasswordHasher({ memoryKib: 1024, iterations: 1, parallelism: 1 })
const bcrypt2b = hashSync('Imported-pass1', 4)
const body = bcrypt2b.slice(7)

describe('imported password hashes', () => {
  it('recognises bcrypt by its prefix and a cost from 04 to 14', () => {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      for (const cost of ['04', '10', '14'])
        assert.ok(isBcryptHash(`${prefix}${cost}$${body}`), `${prefix}${cost}`)
    }
    for (const bad of [
      `$2b$03$${body}`,
      `$2b$15$${body}`,
      `$2b$31$${body}`,
      `$2b$4$${body}`,
      `$2x$10$${body}`,
      `$2b$10$${body}x`,
      '',
    ]) {
      assert.equal(isBcryptHash(bad), false, bad)
    }
  })

  it('verifies bcrypt hashes of every prefix, and asks for a re-hash', async () => {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const stored = bcrypt2b.replace('$2b$', prefix)
      assert.equal(await hasher.verify(stored, 'Imported-pass1'), true, prefix)
      assert.equal(await hasher.verify(stored, 'Imported-pass2'), false, prefix)
      assert.equal(hasher.needsRehash(stored), true, prefix)
    }
  })

  it('keeps the event loop turning while it checks a cost-12 bcrypt hash', async () => {
    // Made once with cost 12 (about a quarter to half a second to check); its password is below.
    const cost12 = '$2b$12$QaT70M9Au9bBhErBuV7A/O.6QD4bA.O5NumteJW9Kzhc8wBjs1sBS'
    let ticks = 0
    const ticking = setInterval(() => {
      ticks += 1
    }, 1)
    try {
      assert.equal(await hasher.verify(cost12, 'Imported-pass1'), true)
    } finally {
      clearInterval(ticking)
    }
    // On the event loop (bcryptjs) a timer fires once per 100 ms slice at best: a handful of ticks.
    assert.ok(ticks >= 50, `only ${ticks} ticks of a 1 ms timer during the check`)
  })

  it('imports Argon2id and Argon2i PHC strings, not Argon2d or other formats', async () => {
    const of = (algorithm: number) =>
      hash('x', { algorithm: algorithm as Algorithm, memoryCost: 1024, timeCost: 1 })
    assert.equal(isImportableHash(await of(2)), true)
    assert.equal(isImportableHash(await of(1)), true)
    assert.equal(isImportableHash(await of(0)), false)
    assert.equal(isImportableHash(bcrypt2b), true)
    for (const other of [
      '$1$saltsalt$qjX5XXc8qkUa5hfQVVtPx1',
      '{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=',
      '$argon2id$v=19$m=1024,t=1,p=1$xx$yy',
    ]) {
      assert.equal(isImportableHash(other), false, other)
    }
  })

  it('refuses Argon2 parameters that would make one sign-in cost gigabytes or seconds', async () => {
    const imported = await hash('x', { memoryCost: 1024, timeCost: 1 })
    const withParams = (params: string) => imported.replace(/m=\d+,t=\d+,p=\d+/, params)
    assert.equal(isImportableHash(withParams('m=262144,t=10,p=16')), true)
    for (const params of ['m=4194304,t=2,p=1', 'm=19456,t=1000,p=1', 'm=19456,t=2,p=64'])
      assert.equal(isImportableHash(withParams(params)), false, params)
  })
})
