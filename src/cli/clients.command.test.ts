import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useCliWorld } from '../../test/support/cli.ts'

const CREATED = /^client_id: ([0-9a-f-]{36})\nclient_secret: (\S+)\nissuer: (\S+)\ndiscovery: (\S+)\n$/

describe('latchkey clients', () => {
  const world = useCliWorld('sqlite', { PUBLIC_URL: 'https://id.example.com' })

  it('creates a confidential client whose secret works at the token endpoint, lists and deletes it', async () => {
    const created = await world.run([
      'clients',
      'create',
      '--name',
      'Billing',
      '--grant',
      'client_credentials',
    ])
    assert.equal(created.code, 0, created.stderr)
    const [, clientId, secret, issuer, discovery] =
      CREATED.exec(created.stdout) ?? assert.fail(created.stdout)
    assert.match(secret ?? '', /^[0-9a-f]{64}$/)
    assert.equal(issuer, 'https://id.example.com/oidc')
    assert.equal(discovery, 'https://id.example.com/oidc/.well-known/openid-configuration')

    const listed = await world.run(['clients', 'list'])
    assert.equal(listed.code, 0, listed.stderr)
    assert.equal(
      listed.stdout,
      `CLIENT_ID${' '.repeat(29)}NAME     TYPE          GRANTS              REDIRECT_URIS\n${clientId}  Billing  confidential  client_credentials  -\n`,
    )

    const app = await world.startApp()
    const token = (auth: string) =>
      app.server.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: {
          authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'grant_type=client_credentials',
      })
    const granted = await token(`${clientId}:${secret}`)
    assert.equal(granted.statusCode, 200, granted.body)
    assert.equal(granted.json().token_type, 'Bearer')
    const refused = await token(`${clientId}:${'0'.repeat(64)}`)
    assert.equal(refused.statusCode, 401)
    assert.equal(refused.json().error, 'invalid_client')

    const deleted = await world.run(['clients', 'delete', clientId ?? ''])
    assert.equal(deleted.code, 0, deleted.stderr)
    assert.equal(deleted.stdout, `deleted client ${clientId}\n`)
    assert.equal((await token(`${clientId}:${secret}`)).statusCode, 401)
    assert.equal((await world.run(['clients', 'list'])).stdout.trimEnd().split('\n').length, 1)
  })

  it('creates a public client without a secret', async () => {
    const created = await world.run([
      'clients',
      'create',
      '--name',
      'SPA',
      '--public',
      '--redirect-uri',
      'https://spa.example.com/callback',
    ])
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stdout, /\nclient_secret: none \(public client: use PKCE\)\n/)
  })

  it('refuses what cannot work, naming the problem', async () => {
    const noRedirect = await world.run(['clients', 'create', '--name', 'App'])
    assert.equal(noRedirect.code, 1)
    assert.match(noRedirect.stderr, /redirect_uris are required for authorization_code/)
    const badUri = await world.run(['clients', 'create', '--name', 'App', '--redirect-uri', 'app://x#y'])
    assert.equal(badUri.code, 1)
    assert.match(badUri.stderr, /app:\/\/x#y is not an http\(s\) URL/)
    const badGrant = await world.run(['clients', 'create', '--name', 'App', '--grant', 'implicit'])
    assert.equal(badGrant.code, 2)
    assert.match(badGrant.stderr, /unknown --grant implicit/)
    const unknown = await world.run(['clients', 'delete', 'nope'])
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /no client "nope" in coop/)
  })
})
