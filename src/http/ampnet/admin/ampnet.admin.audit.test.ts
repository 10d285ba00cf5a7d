import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AMPNET_PASSWORD, COOP, signUpBody } from '../../../../test/support/ampnet-client.ts'
import { addUser, bearer, createCoop } from '../../../../test/support/ampnet-coops.ts'
import { forEachDatabase } from '../../../../test/support/databases.ts'
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts'

const AGENT = { 'user-agent': 'audit-test/1.0' }

interface EventBody {
  id: number
  type: string
  actor_uuid: string | null
  subject_uuid: string | null
  ip: string | null
  user_agent: string | null
  details: Record<string, unknown>
  created_at: string
}

forEachDatabase('AMPnet GET /admin/audit', (dialect) => {
  let app: TestApp
  let adminId: string
  let userId: string
  let adminToken: string
  let userToken: string

  const post = (url: string, payload: object, token?: string) =>
    app.inject({ method: 'POST', url, payload, headers: { ...AGENT, ...(token && bearer(token)) } })
  const logIn = (email: string, password = AMPNET_PASSWORD) =>
    post('/token', { coop: COOP, login_method: 'EMAIL', credentials: { email, password } })
  const audit = (query = '', token = adminToken) =>
    app.inject({ method: 'GET', url: `/admin/audit${query}`, headers: bearer(token) })

  before(async () => {
    app = await createTestApp({
      dialect,
      env: { AMPNET_DEFAULT_COOP: COOP, AMPNET_MAIL_CONFIRMATION: 'false' },
    })
    adminId = (await post('/signup', signUpBody('admin@audit.com'))).json().uuid
    userId = (await post('/signup', signUpBody('user@audit.com'))).json().uuid
    // No sign-up becomes the default coop's ADMIN (#13, item 9): the operator names one.
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.identity.roles.changeRole({ tenantId, userId: adminId, role: 'ADMIN' })
    assert.equal((await logIn('user@audit.com', 'wrong-password')).statusCode, 400)
    assert.equal((await logIn('nobody@audit.com')).statusCode, 400)
    userToken = (await logIn('user@audit.com')).json().access_token
    const changed = await post(
      '/me/password',
      { old_password: AMPNET_PASSWORD, new_password: 'new-password' },
      userToken,
    )
    assert.equal(changed.statusCode, 200, changed.body)
    assert.equal((await post('/logout', {}, userToken)).statusCode, 200)
    adminToken = (await logIn('admin@audit.com')).json().access_token
    const role = await post(`/admin/user/${userId}/role`, { role: 'PLATFORM_MANAGER' }, adminToken)
    assert.equal(role.statusCode, 200, role.body)
    // Another coop's events stay in that coop.
    const other = await createCoop(app, 'other-coop')
    await addUser(app, other, 'admin@other.com')
  })
  after(() => app.close())

  it('lists the coop events newest first, with who, what, when, IP and user agent', async () => {
    const response = await audit('?size=100')
    assert.equal(response.statusCode, 200)
    const body = response.json<{ events: EventBody[]; page: number; total_pages: number }>()
    assert.deepEqual(Object.keys(body), ['events', 'page', 'total_pages'])
    assert.deepEqual([body.page, body.total_pages], [0, 1])
    const now = app.clock.now().toISOString()
    const event = (
      type: string,
      actor: string | null,
      details: Record<string, unknown>,
      subject: string | null = null,
    ) => ({
      type,
      actor_uuid: actor,
      subject_uuid: subject,
      ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
      details,
      created_at: now,
    })
    const sessionIds = body.events.map((each) => each.details.session_id)
    assert.deepEqual(
      body.events.map(({ id, ...rest }) => rest),
      [
        event('role.changed', adminId, { role: 'PLATFORM_MANAGER', previous_role: 'USER' }, userId),
        event('sign_in.succeeded', adminId, {
          method: 'password',
          surface: 'ampnet',
          session_id: sessionIds[1],
        }),
        event('session.ended', userId, { reason: 'logout', count: 1 }),
        event('password.changed', userId, {}),
        event('sign_in.succeeded', userId, {
          method: 'password',
          surface: 'ampnet',
          session_id: sessionIds[4],
        }),
        event('sign_in.failed', null, { method: 'password', surface: 'ampnet', reason: 'unknown_account' }),
        event('sign_in.failed', userId, { method: 'password', surface: 'ampnet', reason: 'wrong_password' }),
        // The operator's change: no actor, outside a request.
        {
          ...event('role.changed', null, { role: 'ADMIN', previous_role: 'USER' }, adminId),
          ip: null,
          user_agent: null,
        },
        event('sign_up', userId, { method: 'password' }),
        event('sign_up', adminId, { method: 'password' }),
      ],
    )
    const ids = body.events.map((each) => each.id)
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    )
    assert.match(String(sessionIds[1]), /^[0-9a-f-]{36}$/)
  })

  it('records no secret: no password, token or hash appears in any event', async () => {
    const text = (await audit('?size=100')).body
    for (const secret of [AMPNET_PASSWORD, 'new-password', 'wrong-password', adminToken, userToken]) {
      assert.equal(text.includes(secret), false, secret)
    }
  })

  it('pages like the user lists: page and size, lenient, total_pages', async () => {
    const first = (await audit('?size=4&page=0')).json<{
      events: EventBody[]
      page: number
      total_pages: number
    }>()
    const second = (await audit('?size=4&page=1')).json<{
      events: EventBody[]
      page: number
      total_pages: number
    }>()
    assert.deepEqual(
      [first.events.length, first.page, first.total_pages, second.events.length, second.page],
      [4, 0, 3, 4, 1],
    )
    assert.ok((first.events.at(-1)?.id ?? 0) > (second.events[0]?.id ?? 0))
    const lenient = (await audit('?size=0&page=-3')).json<{ events: EventBody[]; page: number }>()
    assert.deepEqual([lenient.events.length, lenient.page], [10, 0])
    const beyond = (await audit('?size=4&page=9')).json()
    assert.deepEqual(beyond, { events: [], page: 9, total_pages: 3 })
  })

  describe('who may read it', () => {
    it('answers 403 to a caller without PRA_PROFILE and 400 0206 without a token', async () => {
      const plain = await addUser(app, app.core.tenants.tenants.defaultTenant().id, 'plain@audit.com')
      const { accessToken } = await app.core.identity.auth.openSession(plain, {
        surface: 'ampnet',
        accessTtlSeconds: 3600,
        refreshTtlSeconds: undefined,
      })
      assert.equal((await audit('', accessToken)).statusCode, 403)
      const anonymous = await app.inject({ method: 'GET', url: '/admin/audit' })
      assert.equal(anonymous.statusCode, 400)
      assert.equal(anonymous.json().err_code, '0206')
    })

    it('shows an admin of another coop only that coop; work outside a request has no IP', async () => {
      const otherId = app.core.tenants.tenants.defaultTenant().id
      const other = await app.core.tenants.tenants.findByIdentifier('other-coop')
      assert.ok(other && other.id !== otherId)
      const otherAdmin = await app.core.identity.users.find(
        (
          await app.core.identity.userAdmin.findByEmail(other.id, 'admin@other.com', {
            page: 0,
            size: 1,
            sort: [],
          })
        ).users[0]?.id ?? '',
      )
      assert.ok(otherAdmin)
      const { accessToken } = await app.core.identity.auth.openSession(otherAdmin, {
        surface: 'ampnet',
        accessTtlSeconds: 3600,
        refreshTtlSeconds: undefined,
      })
      const body = (await audit('', accessToken)).json<{ events: EventBody[] }>()
      assert.deepEqual(
        body.events.map(({ id, created_at, ...rest }) => rest),
        [
          {
            type: 'sign_up',
            actor_uuid: otherAdmin.id,
            subject_uuid: null,
            ip: null,
            user_agent: null,
            details: { method: 'password' },
          },
          {
            type: 'coop.created',
            actor_uuid: null,
            subject_uuid: null,
            ip: null,
            user_agent: null,
            details: { identifier: 'other-coop' },
          },
        ],
      )
    })
  })
})
