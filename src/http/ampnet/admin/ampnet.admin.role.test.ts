import assert from 'node:assert/strict'
import { it } from 'node:test'
import { addUser, bearer, createCoop, tokenFor } from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'
import type { Role } from '../../../core/role/role.ts'

surfaceSuite('AMPnet POST /admin/user/{uuid}/role', ({ app }) => {
  let coops = 0
  /** A fresh coop: its ADMIN (first user) and three USERs. */
  async function coop() {
    coops += 1
    const tenantId = await createCoop(app, `roles-${coops}`)
    const admin = await addUser(app, tenantId, `admin@roles${coops}.com`)
    const users = [
      await addUser(app, tenantId, `a@roles${coops}.com`),
      await addUser(app, tenantId, `b@roles${coops}.com`),
      await addUser(app, tenantId, `c@roles${coops}.com`),
    ]
    return { tenantId, admin, users, token: await tokenFor(app, admin) }
  }
  const setRole = (token: string, uuid: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url: `/admin/user/${uuid}/role`,
      headers: bearer(token),
      payload: body as object,
    })
  const roleOf = async (userId: string) => (await app.core.identity.users.get(userId)).role

  it('makes a user PLATFORM_MANAGER, displacing the previous one only', async () => {
    const { admin, users, token } = await coop()
    const [a, b] = users as [(typeof users)[0], (typeof users)[0]]
    const response = await setRole(token, a.id, { role: 'PLATFORM_MANAGER' })
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), {
      uuid: a.id,
      email: a.email,
      first_name: 'firstname',
      last_name: 'lastname',
      role: 'PLATFORM_MANAGER',
      enabled: true,
      verified: true,
      coop: 'roles-1',
      language: null,
    })
    await setRole(token, b.id, { role: 'TOKEN_ISSUER' })
    assert.equal((await setRole(token, b.id, { role: 'PLATFORM_MANAGER' })).statusCode, 200)
    const roles: Role[] = [await roleOf(admin.id), await roleOf(a.id), await roleOf(b.id)]
    assert.deepEqual(roles, ['ADMIN', 'USER', 'PLATFORM_MANAGER'])
  })

  it('makes a new ADMIN by demoting every ADMIN, PLATFORM_MANAGER and TOKEN_ISSUER of the coop', async () => {
    const { admin, users, token, tenantId } = await coop()
    const [a, b, c] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]]
    await app.core.identity.roles.changeRole({ tenantId, userId: a.id, role: 'PLATFORM_MANAGER' })
    await app.core.identity.roles.changeRole({ tenantId, userId: b.id, role: 'TOKEN_ISSUER' })
    const response = await setRole(token, c.id, { role: 'ADMIN' })
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().role, 'ADMIN')
    const roles = await Promise.all([admin, a, b, c].map((user) => roleOf(user.id)))
    assert.deepEqual(roles, ['USER', 'USER', 'USER', 'ADMIN'])
    // The old ADMIN's token now carries a USER: the privilege check reads the role from the database.
    assert.equal(
      (await app.inject({ method: 'GET', url: '/admin/user', headers: bearer(token) })).statusCode,
      403,
    )
  })

  it('leaves other coops alone', async () => {
    const first = await coop()
    const second = await coop()
    await setRole(first.token, first.users[0]?.id ?? '', { role: 'ADMIN' })
    assert.equal(await roleOf(second.admin.id), 'ADMIN')
  })

  it('answers 400 0808 to USER, which is only ever the result of a takeover', async () => {
    const { users, token } = await coop()
    const response = await setRole(token, users[0]?.id ?? '', { role: 'USER' })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(response.json(), {
      description: 'Invalid controller request exception',
      err_code: '0808',
      message: 'role cannot be USER: a user becomes USER when another takes their role. ',
      errors: { role: 'cannot be USER: a user becomes USER when another takes their role' },
    })
  })

  it('answers 404 with an empty body for a user of another coop and changes nothing', async () => {
    const mine = await coop()
    const theirs = await coop()
    const response = await setRole(mine.token, theirs.users[0]?.id ?? '', { role: 'ADMIN' })
    assert.equal(response.statusCode, 404)
    assert.equal(response.body, '')
    assert.equal(await roleOf(theirs.admin.id), 'ADMIN')
    assert.equal(await roleOf(mine.admin.id), 'ADMIN')
  })

  it('answers 400 to an unknown role, a missing body or a non-UUID id; 403 to a USER', async () => {
    const { users, token } = await coop()
    const id = users[0]?.id ?? ''
    for (const [uuid, body] of [
      [id, { role: 'OWNER' }],
      [id, {}],
      ['not-a-uuid', { role: 'ADMIN' }],
    ] as const) {
      const response = await setRole(token, uuid, body)
      assert.equal(response.statusCode, 400, JSON.stringify(body))
      assert.equal(response.json().status, 400)
    }
    const userToken = await tokenFor(app, users[1] ?? users[0] ?? (undefined as never))
    assert.equal((await setRole(userToken, id, { role: 'ADMIN' })).statusCode, 403)
  })

  it('answers a PLATFORM_MANAGER with 403 and changes nothing: only an ADMIN changes roles', async () => {
    const { admin, users, tenantId } = await coop()
    const [manager, other] = users as [(typeof users)[0], (typeof users)[0]]
    await app.core.identity.roles.changeRole({ tenantId, userId: manager.id, role: 'PLATFORM_MANAGER' })
    const token = await tokenFor(app, manager)
    for (const [uuid, role] of [
      [manager.id, 'ADMIN'],
      [other.id, 'TOKEN_ISSUER'],
    ] as const) {
      const response = await setRole(token, uuid, { role })
      assert.equal(response.statusCode, 403, role)
      const { timestamp, ...rest } = response.json()
      assert.match(timestamp, /^\d{4}-\d\d-\d\dT/)
      assert.deepEqual(rest, {
        status: 403,
        error: 'Forbidden',
        message: '',
        path: `/admin/user/${uuid}/role`,
      })
    }
    const roles = await Promise.all([admin, manager, other].map((user) => roleOf(user.id)))
    assert.deepEqual(roles, ['ADMIN', 'PLATFORM_MANAGER', 'USER'])
  })

  it('keeps one ADMIN when two takeovers race', async () => {
    const { tenantId, users } = await coop()
    await Promise.all(
      users.map((user) => app.core.identity.roles.changeRole({ tenantId, userId: user.id, role: 'ADMIN' })),
    )
    const admins = await app.core.identity.userAdmin.withRole(tenantId, 'ADMIN', {
      page: 0,
      size: 10,
      sort: [],
    })
    assert.equal(admins.users.length, 1)
  })
})
