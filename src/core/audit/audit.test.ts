import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'
import type { AuditEvent } from './audit.ts'

// What the other surfaces leave in the audit log: every event carries the request's IP and user agent.
surfaceSuite('audit log across the surfaces', ({ app }) => {
  const headers = { 'user-agent': 'surface-test', 'x-forwarded-for': '203.0.113.9' }
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, extra = {}) =>
    app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload && { payload }) })
  const events = async (): Promise<AuditEvent[]> =>
    [
      ...(await app.core.ops.audit.page(app.core.tenants.tenants.defaultTenant().id, { page: 0, size: 100 }))
        .events,
    ].reverse()
  const summary = (list: readonly AuditEvent[]) =>
    list.map((event) => [
      event.type,
      event.details.reason ?? event.details.method ?? event.details.surface ?? '',
    ])

  it('records authheader sign-ins, API keys, logout and password change', async () => {
    const user = await createAccount(app, { email: 'keys@example.com', username: 'keys' })
    const from = (await events()).length
    assert.equal((await send('POST', '/user/login', { username: 'nobody', password: 'x' })).statusCode, 401)
    assert.equal((await send('POST', '/user/login', { username: 'keys', password: 'x' })).statusCode, 401)
    const jwt = (await send('POST', '/user/login', { username: 'keys', password: DEFAULT_PASSWORD })).json()
      .Token
    const bearer = { authorization: `Bearer ${jwt}` }
    const key = (await send('POST', '/authheader/add', { name: 'ci' }, bearer)).json()
    assert.equal((await send('POST', '/authheader/delete', { text: key.token }, bearer)).statusCode, 200)
    const changed = await send('POST', '/user/password', {
      username: 'keys',
      old: DEFAULT_PASSWORD,
      new: 'Password2',
      confirm: 'Password2',
    })
    assert.equal(changed.statusCode, 200, changed.body)
    assert.equal((await send('GET', '/user/logout', undefined, bearer)).statusCode, 401)

    const recorded = (await events()).slice(from)
    assert.deepEqual(summary(recorded), [
      ['sign_in.failed', 'unknown_account'],
      ['sign_in.failed', 'wrong_password'],
      ['sign_in.succeeded', 'password'],
      ['api_key.issued', ''],
      ['api_key.revoked', ''],
      ['password.changed', ''],
      ['session.ended', 'password_changed'],
    ])
    assert.deepEqual(
      recorded.map((event) => [event.actorUserId, event.ip, event.userAgent]),
      [[undefined, '127.0.0.1', 'surface-test'], ...Array(6).fill([user.id, '127.0.0.1', 'surface-test'])],
    )
    const [issued, revoked] = recorded.filter((event) => event.type.startsWith('api_key.'))
    assert.deepEqual(issued?.details, { key_id: revoked?.details.key_id, name: 'ci' })
    assert.equal(recorded[2]?.details.surface, 'authheader')
  })

  it('records users and ideapool sign-ups, sign-ins and logout', async () => {
    const from = (await events()).length
    const registered = await send('POST', '/users/register', {
      email: 'users@example.com',
      password: DEFAULT_PASSWORD,
    })
    assert.equal(registered.statusCode, 201)
    assert.equal(
      (await send('POST', '/users/login', { email: 'users@example.com', password: 'nope' })).statusCode,
      401,
    )
    assert.equal(
      (await send('POST', '/users/login', { email: 'users@example.com', password: DEFAULT_PASSWORD }))
        .statusCode,
      200,
    )
    const signedUp = await send('POST', '/users', {
      email: 'idea@example.com',
      name: 'I P',
      password: DEFAULT_PASSWORD,
    })
    assert.equal(signedUp.statusCode, 201)
    const { jwt, refresh_token } = signedUp.json()
    const out = await send('DELETE', '/access-tokens', { refresh_token }, { 'x-access-token': jwt })
    assert.equal(out.statusCode, 204)
    assert.deepEqual(summary((await events()).slice(from)), [
      ['sign_up', 'password'],
      ['sign_in.failed', 'wrong_password'],
      ['sign_in.succeeded', 'password'],
      ['sign_up', 'password'],
      ['session.ended', 'logout'],
    ])
  })

  it('records a coop update with the fields changed, by its admin', async () => {
    const admin = await createAccount(app, { email: 'coop-admin@example.com' })
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.tenants.coops.update(tenantId, { name: 'Renamed', disableSignUp: true }, {}, admin.id)
    const last = (await events()).at(-1)
    assert.deepEqual(
      [last?.type, last?.actorUserId, last?.details],
      [
        'coop.updated',
        admin.id,
        {
          identifier: app.core.tenants.tenants.defaultTenant().identifier,
          fields: ['name', 'disableSignUp'],
        },
      ],
    )
  })

  describe('outside a request', () => {
    it('records an operator role change with no actor, IP or user agent', async () => {
      const user = await createAccount(app, { email: 'operator@example.com' })
      await app.core.identity.roles.changeRole({
        tenantId: user.tenantId,
        userId: user.id,
        role: 'TOKEN_ISSUER',
      })
      const last = (await events()).at(-1)
      assert.deepEqual(last && { ...last, id: 0 }, {
        id: 0,
        tenantId: user.tenantId,
        actorUserId: undefined,
        subjectUserId: user.id,
        type: 'role.changed',
        ip: undefined,
        userAgent: undefined,
        details: { role: 'TOKEN_ISSUER', previous_role: 'USER' },
        createdAt: app.clock.now(),
      })
    })
  })
})
