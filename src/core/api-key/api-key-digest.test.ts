import assert from 'node:assert/strict'
import { createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { createApiKeyDigest } from './api-key-digest.ts'

describe('the API-key digest', () => {
  const masterKey = 'a-master-key-of-at-least-thirty-two-characters'
  const digest = createApiKeyDigest(masterKey)
  const hmacKey = Buffer.from(hkdfSync('sha256', masterKey, 'latchkey', 'api-key lookup v1', 32))
  const hmac = (token: string) => createHmac('sha256', hmacKey).update(token, 'utf8').digest('base64url')

  it("is node:crypto's HMAC-SHA-256 under the derived key, for keys of every length and alphabet", () => {
    const tokens = [
      '',
      'lk_x',
      `lk_${randomBytes(32).toString('base64url')}`,
      'é€😀 non-ASCII',
      'x'.repeat(10_000),
    ]
    for (let i = 0; i < 200; i++) tokens.push(randomBytes(i).toString('latin1'))
    for (const token of tokens) assert.equal(digest(token), hmac(token), JSON.stringify(token.slice(0, 20)))
  })

  it('depends on the master key', () => {
    const token = `lk_${randomBytes(32).toString('base64url')}`
    assert.notEqual(createApiKeyDigest(`${masterKey}!`)(token), digest(token))
  })
})
