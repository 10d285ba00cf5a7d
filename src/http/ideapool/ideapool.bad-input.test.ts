import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { before, it } from 'node:test'
import { generateKeyPair, SignJWT } from 'jose'
import { asUser, signUp, type Tokens } from '../../../test/support/ideapool-client.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import { createTokenService } from '../../core/token/token.service.ts'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

surfaceSuite('ideapool bad input', ({ app }) => {
  let tokens: Tokens
  before(async () => {
    tokens = await signUp(app, 'bad-input@example.com')
  })

  const raw = (
    method: 'POST' | 'GET',
    url: string,
    body: string | Buffer,
    contentType = 'application/json',
  ) => app.inject({ method, url, headers: { ...asUser(tokens), 'content-type': contentType }, body })

  it('answers 400 with a reason for malformed JSON, and writes nothing', async () => {
    for (const body of ['{"email":', '{"content": "x",}', 'nul', '{"__proto__": {"x": 1}}']) {
      const response = await raw('POST', '/users', body)
      assert.equal(response.statusCode, 400, body)
      assert.deepEqual(response.json(), { reason: 'There was a problem in the JSON you submitted' })
    }
  })

  // PostgreSQL refuses U+0000 in text: without the shared checks these were 500s there.
  it('answers 400 with a reason for NUL in a JSON string or key, and writes nothing', async () => {
    for (const body of [
      '{"email":"a\\u0000b@x.com","password":"abcdefgh1A"}',
      '{"email\\u0000":"a@x.com"}',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/users',
        headers: { 'content-type': 'application/json' },
        body,
      })
      assert.equal(response.statusCode, 400, body)
      assert.deepEqual(response.json(), { reason: 'There was a problem in the JSON you submitted' })
    }
  })

  it('answers 400 with a reason for NUL in the path or query', async () => {
    for (const url of ['/ideas?page=%00', '/ideas?page=1%00', '/me?x=a%00']) {
      const response = await raw('GET', url, '')
      assert.equal(response.statusCode, 400, url)
      assert.deepEqual(response.json(), { reason: 'The URL is not valid' })
    }
  })

  it('answers 413 with a reason for a body over 1 MB', async () => {
    const body = JSON.stringify({ content: 'x'.repeat(1_100_000), impact: 1, ease: 1, confidence: 1 })
    const response = await raw('POST', '/ideas', body)
    assert.equal(response.statusCode, 413)
    assert.deepEqual(response.json(), { reason: 'Request body is too large' })
  })

  it('answers 415 with a reason for a body that is not JSON', async () => {
    const response = await raw('POST', '/ideas', '<idea/>', 'application/xml')
    assert.equal(response.statusCode, 415)
    assert.deepEqual(response.json(), { reason: 'Content-Type must be application/json' })
  })

  it('treats invalid UTF-8 as text, never as a server error', async () => {
    const body = Buffer.concat([
      Buffer.from('{"content":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","impact":1,"ease":1,"confidence":1}'),
    ])
    const response = await raw('POST', '/ideas', body)
    assert.equal(response.statusCode, 201)
  })

  it('accepts Content-Type: application/json with an empty body on GET', async () => {
    const response = await raw('GET', '/me', '')
    assert.equal(response.statusCode, 200)
  })

  it('refuses forged, foreign and tampered tokens with 401', async () => {
    const [header, payload, signature] = tokens.jwt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid
    const jwk = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys[0]

    const none = `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.`
    const hsHeader = b64({ alg: 'HS256', typ: 'JWT', kid })
    const hs = `${hsHeader}.${payload}.${createHmac('sha256', JSON.stringify(jwk)).update(`${hsHeader}.${payload}`).digest('base64url')}`
    const tampered = `${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`
    const stranger = await generateKeyPair('ES256')
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .sign(stranger.privateKey)
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'unknown' })
      .sign(stranger.privateKey)
    const wrongIssuer = await createTokenService({
      clock: app.core.clock,
      keyRing: app.core.sessions.keyRing,
      revocations: app.core.sessions.revocations,
      issuer: 'https://evil.example',
    }).issue({
      userId: claims.sub,
      tenantId: claims.tid,
      sessionId: claims.sid,
      ttlSeconds: 600,
    })

    for (const token of [none, hs, tampered, foreign, unknownKid, wrongIssuer, 'a.b.c', '']) {
      const response = await app.inject({ method: 'GET', url: '/me', headers: { 'x-access-token': token } })
      assert.equal(response.statusCode, 401, token)
      assert.deepEqual(response.json(), { reason: 'you can not pass!' })
    }
  })

  it('does not read the token from Authorization, the header of other surfaces', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/ideas',
      headers: { authorization: `Bearer ${tokens.jwt}`, 'x-access-token': '' },
    })
    assert.equal(response.statusCode, 401)
  })
})
