import assert from 'node:assert/strict'
import { it } from 'node:test'
import { addUser, bearer, createCoop, tokenFor } from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'
import { rowsHolding } from '../../../../test/support/user-traces.ts'

const AGENT = { 'user-agent': 'erasure-test/1.0' }

surfaceSuite('AMPnet DELETE /admin/user/{uuid}', ({ app }) => {
  let coops = 0
  /** A fresh coop: its ADMIN (first user) and two USERs, the first of them signed in over HTTP. */
  async function coop() {
    coops += 1
    const identifier = `erase-${coops}`
    const tenantId = await createCoop(app, identifier)
    const admin = await addUser(app, tenantId, `admin@erase${coops}.com`)
    const user = await addUser(app, tenantId, `user@erase${coops}.com`)
    const bystander = await addUser(app, tenantId, `bystander@erase${coops}.com`)
    const signedIn = await app.inject({
      method: 'POST',
      url: '/token',
      headers: AGENT,
      payload: {
        coop: identifier,
        login_method: 'EMAIL',
        credentials: { email: user.email, password: 'abcdefgh' },
      },
    })
    assert.equal(signedIn.statusCode, 200, signedIn.body)
    return {
      identifier,
      tenantId,
      admin,
      user,
      bystander,
      token: await tokenFor(app, admin),
      userToken: signedIn.json().access_token as string,
    }
  }
  const erase = (token: string | undefined, uuid: string) =>
    app.inject({
      method: 'DELETE',
      url: `/admin/user/${uuid}`,
      headers: { ...AGENT, ...(token && bearer(token)) },
    })
  const me = (token: string) => app.inject({ method: 'GET', url: '/me', headers: bearer(token) })
  const exists = async (userId: string) =>
    (await app.core.identity.users.findOfToken({
      userId,
      tenantId: (await app.core.identity.users.get(userId)).tenantId,
    })) !== undefined
  const forbidden = (uuid: string) => ({
    status: 403,
    error: 'Forbidden',
    message: '',
    path: `/admin/user/${uuid}`,
  })
  const withoutTimestamp = (body: Record<string, unknown>) => {
    const { timestamp, ...rest } = body
    assert.match(String(timestamp), /^\d{4}-\d\d-\d\dT/)
    return rest
  }

  it('erases a user of the coop: 204, their token refused at once, no trace left, the erasure audited', async () => {
    const { admin, user, bystander, token, userToken, identifier } = await coop()
    assert.equal((await me(userToken)).statusCode, 200)

    const response = await erase(token, user.id)
    assert.equal(response.statusCode, 204, response.body)
    assert.equal(response.body, '')

    const refused = await me(userToken)
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(refused.json(), { description: 'Invalid JWT', err_code: '0204', message: 'Invalid JWT' })
    const signIn = await app.inject({
      method: 'POST',
      url: '/token',
      payload: {
        coop: identifier,
        login_method: 'EMAIL',
        credentials: { email: user.email, password: 'abcdefgh' },
      },
    })
    assert.equal(signIn.statusCode, 400)
    assert.equal(signIn.json().err_code, '0207')
    assert.equal(
      (await app.inject({ method: 'GET', url: `/admin/user/${user.id}`, headers: bearer(token) })).statusCode,
      404,
    )
    assert.deepEqual(await rowsHolding(app.database.db, [user.id, user.email]), [])
    assert.equal((await me(await tokenFor(app, bystander))).statusCode, 200)

    const audit = await app.inject({ method: 'GET', url: '/admin/audit?size=50', headers: bearer(token) })
    const events = audit.json().events as Record<string, unknown>[]
    const pseudonym = app.core.identity.userErasure.pseudonymOf(user.id)
    const deletion = events.find((event) => event.type === 'user.deleted')
    assert.equal(deletion?.actor_uuid, admin.id)
    assert.equal(deletion?.subject_uuid, pseudonym)
    assert.equal(deletion?.ip, '127.0.0.1')
    assert.equal(deletion?.user_agent, 'erasure-test/1.0')
    assert.equal((deletion?.details as Record<string, number> | undefined)?.sessions, 1)
    const signedIn = events.find(
      (event) => event.type === 'sign_in.succeeded' && event.actor_uuid === pseudonym,
    )
    assert.deepEqual([signedIn?.ip, signedIn?.user_agent], [null, null])
  })

  it('answers 404 with an empty body for an unknown uuid and for a user of another coop', async () => {
    const mine = await coop()
    const theirs = await coop()
    for (const uuid of ['0b6c5b5e-1f1e-4c37-9d0e-6a3f1d2b7c11', theirs.user.id]) {
      const response = await erase(mine.token, uuid)
      assert.equal(response.statusCode, 404, uuid)
      assert.equal(response.body, '')
    }
    assert.equal(await exists(theirs.user.id), true)
    assert.equal((await me(theirs.userToken)).statusCode, 200)
  })

  it('answers 403 to a USER, to a PLATFORM_MANAGER and to an ADMIN erasing themselves, erasing nothing', async () => {
    const { tenantId, admin, user, bystander, token, userToken } = await coop()
    const manager = await app.core.identity.roles.changeRole({
      tenantId,
      userId: bystander.id,
      role: 'PLATFORM_MANAGER',
    })
    for (const [caller, uuid] of [
      [userToken, bystander.id],
      [await tokenFor(app, manager), user.id],
      [token, admin.id],
    ] as const) {
      const response = await erase(caller, uuid)
      assert.equal(response.statusCode, 403)
      assert.deepEqual(withoutTimestamp(response.json()), forbidden(uuid))
    }
    for (const id of [admin.id, user.id, bystander.id]) assert.equal(await exists(id), true)
  })

  it('answers 400 to a non-UUID id and to a request without a token', async () => {
    const { token, user } = await coop()
    const response = await erase(token, 'not-a-uuid')
    assert.equal(response.statusCode, 400)
    assert.deepEqual(withoutTimestamp(response.json()), {
      status: 400,
      error: 'Bad Request',
      message: 'Failed to convert value to UUID: not-a-uuid',
      path: '/admin/user/not-a-uuid',
    })
    const anonymous = await erase(undefined, user.id)
    assert.equal(anonymous.statusCode, 400)
    assert.deepEqual(anonymous.json(), {
      description: 'Failed to register JWT',
      err_code: '0206',
      message: 'Full authentication is required to access this resource',
    })
    assert.equal(await exists(user.id), true)
  })
})
