import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { forEachDatabase } from '../support/databases.ts'
import { createOidcClient, useOidcWorld } from '../support/oidc-world.ts'

// The token, introspection and revocation endpoints take client secrets, codes and refresh
// tokens: refused requests are counted per client IP, and past the budget the client is refused.
forEachDatabase('OIDC token endpoint: refused requests are rate limited', (dialect) => {
  const { world } = useOidcWorld(dialect, {
    env: { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_OIDC_TOKEN_FAILURES: '3/60' },
  })
  let clientId: string
  let secret: string

  before(async () => {
    ;({ id: clientId, secret } = await createOidcClient(world.app, {
      name: 'Billing service',
      grantTypes: ['client_credentials'],
    }))
  })

  function token(password: string, path = '/token'): Promise<Response> {
    return fetch(`${world.issuer}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${password}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: path === '/token' ? 'grant_type=client_credentials' : 'token=unknown',
    })
  }

  it('does not count granted requests', async () => {
    for (let i = 0; i < 6; i += 1) assert.equal((await token(secret)).status, 200)
    assert.equal((await token(secret, '/token/introspection')).status, 200)
  })

  it('answers 429 with Retry-After once a client has spent its refusals, even with the right secret', async () => {
    for (let i = 0; i < 4; i += 1) {
      const refused = await token('not-the-secret', i % 2 === 0 ? '/token' : '/token/revocation')
      assert.equal(refused.status, 401)
      assert.equal(((await refused.json()) as { error: string }).error, 'invalid_client')
    }
    const limited = await token(secret)
    assert.equal(limited.status, 429)
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/)
    assert.equal(limited.headers.get('cache-control'), 'no-store')
    const body = (await limited.json()) as { error: string; error_description: string }
    assert.equal(body.error, 'rate_limited')
    assert.match(body.error_description, /^Too many refused requests; retry after \d+ s$/)
    // Other endpoints of the provider are not behind this budget.
    assert.equal((await fetch(`${world.issuer}/.well-known/openid-configuration`)).status, 200)
  })
})
