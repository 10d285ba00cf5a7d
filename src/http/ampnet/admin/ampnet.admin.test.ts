import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { addUser, bearer, createCoop, tokenFor } from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'

const userShape = (email: string, role = 'USER', coop = 'ampnet-test') => ({
  email,
  first_name: 'firstname',
  last_name: 'lastname',
  role,
  enabled: true,
  verified: role !== 'USER',
  coop,
  language: null,
})

surfaceSuite('AMPnet /admin/user', { env: { AMPNET_DEFAULT_COOP: 'ampnet-test' } }, ({ app }) => {
  let adminToken: string
  let userToken: string
  let userId: string
  before(async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    // The default coop's ADMIN is made by the operator: no sign-up becomes it (first-admin rule, #13).
    adminToken = await tokenFor(app, await addUser(app, tenantId, 'admin@role.com', 'ADMIN'))
    for (const email of ['test@email.com', 'test2@email.com', 'test22@email.com', 'john@smith.com']) {
      await addUser(app, tenantId, email)
    }
    const user = await addUser(app, tenantId, 'john.wayne@mail.com')
    userId = user.id
    userToken = await tokenFor(app, user)
    const other = await createCoop(app, 'other-coop')
    await addUser(app, other, 'john.wayne@mail.com')
    await addUser(app, other, 'test23@email.com')
  })

  const get = (url: string, token = adminToken) => app.inject({ method: 'GET', url, headers: bearer(token) })
  const emails = (body: { users: { email: string }[] }) => body.users.map((user) => user.email)

  // Sorted assertions use addresses that order alike by bytes (SQLite) and by any PostgreSQL collation.
  describe('GET /admin/user', () => {
    it('lists the users of the caller coop only, in UserResponse shape', async () => {
      const response = await get('/admin/user')
      assert.equal(response.statusCode, 200)
      const body = response.json()
      assert.deepEqual(Object.keys(body), ['users', 'page', 'total_pages'])
      const byEmail = (a: { email: string }, b: { email: string }) => (a.email < b.email ? -1 : 1)
      assert.deepEqual(body.users.map(({ uuid, ...rest }: { uuid: string }) => rest).sort(byEmail), [
        userShape('admin@role.com', 'ADMIN'),
        userShape('john.wayne@mail.com'),
        userShape('john@smith.com'),
        userShape('test22@email.com'),
        userShape('test2@email.com'),
        userShape('test@email.com'),
      ])
      assert.deepEqual([body.page, body.total_pages], [0, 1])
      assert.ok(body.users.every((user: { uuid: string }) => /^[0-9a-f-]{36}$/.test(user.uuid)))
    })

    it('pages and sorts: size=3, page=1 gives the second page of two', async () => {
      const response = await get('/admin/user?size=3&page=1&sort=email,asc')
      assert.deepEqual(
        { ...response.json<object>(), users: emails(response.json()) },
        { users: ['test22@email.com', 'test2@email.com', 'test@email.com'], page: 1, total_pages: 2 },
      )
      const descending = await get('/admin/user?size=2&sort=email,DESC')
      assert.deepEqual(emails(descending.json()), ['test@email.com', 'test2@email.com'])
    })

    it('takes several sort parameters, the later deciding ties of the earlier', async () => {
      const response = await get('/admin/user?sort=role,asc&sort=email,desc&size=3')
      assert.deepEqual(emails(response.json()), ['admin@role.com', 'test@email.com', 'test2@email.com'])
    })

    it('parses paging leniently: negative or non-numeric page → 0, size < 1 or junk → 20, > 100 → 100', async () => {
      for (const query of [
        'page=-4',
        'page=abc',
        'size=0',
        'size=x',
        'size=100000',
        'page=99999999999999999999',
      ]) {
        const response = await get(`/admin/user?${query}`)
        assert.equal(response.statusCode, 200, query)
      }
      assert.deepEqual((await get('/admin/user?page=-4')).json().page, 0)
      assert.deepEqual((await get('/admin/user?page=7')).json(), { users: [], page: 7, total_pages: 1 })
    })

    it('answers 400 0808 to an unknown sort property instead of the original 500', async () => {
      const response = await get('/admin/user?sort=password,asc')
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json(), {
        description: 'Invalid controller request exception',
        err_code: '0808',
        message: 'sort has an unknown property: password. ',
        errors: { sort: 'has an unknown property: password' },
      })
    })

    it('answers 403 to a USER and 400 0206 without a token', async () => {
      assert.equal((await get('/admin/user', userToken)).statusCode, 403)
      const anonymous = await app.inject({ method: 'GET', url: '/admin/user' })
      assert.equal(anonymous.statusCode, 400)
      assert.equal(anonymous.json().err_code, '0206')
    })
  })

  describe('GET /admin/user/find, /admin, /count', () => {
    it('finds by a case-insensitive fragment within the coop', async () => {
      const response = await get('/admin/user/find?email=JOHN&size=20&page=0')
      assert.equal(response.statusCode, 200)
      assert.deepEqual(
        { ...response.json<object>(), users: emails(response.json()).sort() },
        { users: ['john.wayne@mail.com', 'john@smith.com'], page: 0, total_pages: 1 },
      )
    })

    it('takes % and _ in the fragment literally', async () => {
      assert.deepEqual((await get('/admin/user/find?email=%25')).json(), {
        users: [],
        page: 0,
        total_pages: 0,
      })
      assert.deepEqual(emails((await get('/admin/user/find?email=_')).json()), [])
    })

    it('answers 400 without the email parameter', async () => {
      const response = await get('/admin/user/find')
      assert.equal(response.statusCode, 400)
      assert.equal(response.json().status, 400)
    })

    it('lists only the ADMINs of the caller coop', async () => {
      const response = await get('/admin/user/admin?size=10&page=0')
      assert.deepEqual(
        { ...response.json<object>(), users: emails(response.json()) },
        { users: ['admin@role.com'], page: 0, total_pages: 1 },
      )
    })

    it('counts the coop users; without KYC records the KYC counts are 0', async () => {
      const response = await get('/admin/user/count')
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { registered: 6, activated: 0, deleted: 0, verified: 0 })
    })
  })

  describe('GET /admin/user/{uuid}', () => {
    it('answers a user of the coop', async () => {
      const response = await get(`/admin/user/${userId}`)
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { uuid: userId, ...userShape('john.wayne@mail.com') })
      assert.equal((await get(`/admin/user/${userId.toUpperCase()}`)).json().uuid, userId)
    })

    it('answers 404 with an empty body for a user of another coop, as for an unknown one', async () => {
      const other = await app.core.tenants.tenants.findByIdentifier('other-coop')
      assert.ok(other)
      const stranger = await addUser(app, other.id, 'stranger@other.com')
      for (const id of [stranger.id, '00000000-0000-4000-8000-000000000000']) {
        const response = await get(`/admin/user/${id}`)
        assert.equal(response.statusCode, 404)
        assert.equal(response.body, '')
      }
    })

    it('answers 400 to an id that is not a UUID', async () => {
      const response = await get('/admin/user/not-a-uuid')
      assert.equal(response.statusCode, 400)
      assert.equal(response.json().status, 400)
    })
  })
})
