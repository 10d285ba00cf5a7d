import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { createAccount, signedInAccount } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { isAppError } from '../errors.ts'
import { createAccess, RefusedHolderError } from './access.service.ts'

const refusedWith = (code: string) => (error: unknown) => isAppError(error) && error.code === code

forEachDatabase('access', (dialect) => {
  let app: TestApp
  before(async () => {
    app = await createTestApp({
      dialect,
      env: { RATE_LIMITS_ENABLED: 'true', RATE_LIMIT_API_KEY_FAILURES: '2/60' },
    })
  })
  after(() => app.close())

  it("makes an access token's caller a session actor with the user as stored now", async () => {
    const signedIn = await signedInAccount(app, 'session@example.com')
    const actor = await app.core.identity.access.authenticate({
      kind: 'accessToken',
      token: signedIn.accessToken,
    })
    assert.equal(actor.user.id, signedIn.user.id)
    assert.equal(actor.user.email, 'session@example.com')
    assert.equal(actor.tenantId, signedIn.user.tenantId)
    assert.equal(actor.sessionId, actor.claims?.sessionId)
    assert.equal(typeof actor.sessionId, 'string')
    assert.equal(actor.apiKey, undefined)
  })

  it('refuses a forged or garbled token with invalid_token', async () => {
    for (const token of ['', 'not.a.jwt', 'eyJhbGciOiJub25lIn0.e30.']) {
      await assert.rejects(
        app.core.identity.access.authenticate({ kind: 'accessToken', token }),
        refusedWith('invalid_token'),
      )
    }
  })

  it('refuses a genuine token whose user is gone with user_not_found, naming the holder', async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    const userId = randomUUID()
    const token = app.core.sessions.tokens.issue({
      userId,
      tenantId,
      sessionId: randomUUID(),
      ttlSeconds: 60,
    })
    await assert.rejects(app.core.identity.access.authenticate({ kind: 'accessToken', token }), (error) => {
      assert.ok(error instanceof RefusedHolderError)
      assert.equal(error.code, 'user_not_found')
      assert.deepEqual(error.holder, { userId, tenantId })
      return true
    })
  })

  it('refuses an unconfirmed user unless the route admits them, and a disabled one always', async () => {
    const signedIn = await signedInAccount(app, 'unconfirmed@example.com')
    const credential = { kind: 'accessToken', token: signedIn.accessToken } as const
    const { db } = app.database
    await sql`update users set enabled = 0 where id = ${signedIn.user.id}`.execute(db)
    await assert.rejects(app.core.identity.access.authenticate(credential), refusedWith('account_disabled'))
    const admitted = await app.core.identity.access.authenticate(credential, { admitsUnconfirmed: true })
    assert.equal(admitted.user.id, signedIn.user.id)

    // An operator's disable (sessions left open here, to reach the user check) is never admitted.
    const disabledAt = app.clock.now().getTime()
    await sql`update users set disabled_at = ${disabledAt} where id = ${signedIn.user.id}`.execute(db)
    await assert.rejects(
      app.core.identity.access.authenticate(credential, { admitsUnconfirmed: true }),
      refusedWith('account_disabled'),
    )
  })

  it("makes an API key's caller its owner, with the key and no session", async () => {
    const user = await createAccount(app, { email: 'key-owner@example.com', username: 'owner' })
    const key = await app.core.identity.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name: 'k',
      ttlSeconds: undefined,
    })
    const actor = await app.core.identity.access.authenticate({
      kind: 'apiKey',
      key: key.token,
      client: 'good',
    })
    assert.equal(actor.user.id, user.id)
    assert.equal(actor.user.username, 'owner')
    assert.deepEqual(actor.apiKey, { id: key.id })
    assert.equal(actor.sessionId, undefined)
    assert.equal(actor.claims, undefined)
  })

  it("takes an API key's owner from the key's own query, not from a second user look-up", async () => {
    const user = await createAccount(app, { email: 'one-query@example.com', username: 'onequery' })
    const key = await app.core.identity.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name: 'k',
      ttlSeconds: undefined,
    })
    const access = createAccess({
      tokens: app.core.sessions.tokens,
      users: { findOfToken: () => assert.fail('the owner was read a second time') },
      apiKeys: app.core.identity.apiKeys,
      abuse: app.core.ops.abuse,
    })
    const actor = await access.authenticate({ kind: 'apiKey', key: key.token, client: 'one-query' })
    assert.deepEqual(actor.user, await app.core.identity.users.find(user.id))
  })

  it('refuses the key of a disabled owner with account_disabled', async () => {
    const user = await createAccount(app, { email: 'disabled-owner@example.com' })
    const key = await app.core.identity.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name: 'k',
      ttlSeconds: undefined,
    })
    const credential = { kind: 'apiKey', key: key.token, client: 'disabled-owner' } as const
    await sql`update users set enabled = 0 where id = ${user.id}`.execute(app.database.db)
    await assert.rejects(app.core.identity.access.authenticate(credential), refusedWith('account_disabled'))
    await assert.rejects(
      app.core.identity.access.authenticate(credential, { admitsUnconfirmed: true }),
      refusedWith('account_disabled'),
    )
  })

  it('counts only failed keys against the client, and refuses it once over, before its key is read', async () => {
    const user = await createAccount(app, { email: 'limited@example.com' })
    const key = await app.core.identity.apiKeys.issue({
      tenantId: user.tenantId,
      userId: user.id,
      name: 'k',
      ttlSeconds: undefined,
    })
    const good = { kind: 'apiKey', key: key.token, client: 'guesser' } as const
    for (let i = 0; i < 3; i++) await app.core.identity.access.authenticate(good)
    const bad = { kind: 'apiKey', key: `lk_${'a'.repeat(43)}`, client: 'guesser' } as const
    await assert.rejects(app.core.identity.access.authenticate(bad), refusedWith('invalid_api_key'))
    await assert.rejects(app.core.identity.access.authenticate(bad), refusedWith('invalid_api_key'))
    await assert.rejects(app.core.identity.access.authenticate(bad), refusedWith('rate_limited'))
    await assert.rejects(app.core.identity.access.authenticate(good), refusedWith('rate_limited'))
    // Another client is not affected.
    const other = await app.core.identity.access.authenticate({ ...good, client: 'someone else' })
    assert.equal(other.user.id, user.id)
  })
})
