import assert from 'node:assert/strict'
import { it } from 'node:test'
import { bearer, multipart, PNG, requestPart } from '../../../../test/support/ampnet-coops.ts'
import { surfaceSuite } from '../../../../test/support/suite.ts'

// AMPnet's onboarding through the surface alone: create a coop, the first sign-up becomes its
// ADMIN, who manages the coop and promotes a second user.
surfaceSuite('AMPnet coop onboarding', { env: { AMPNET_MAIL_CONFIRMATION: 'false' } }, ({ app }) => {
  const signUp = (email: string) =>
    app.inject({
      method: 'POST',
      url: '/signup',
      payload: {
        signup_method: 'EMAIL',
        user_info: { first_name: 'first', last_name: 'last', email, password: 'abcdefgh' },
        coop: 'onboarded',
      },
    })
  async function logIn(email: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/token',
      payload: { coop: 'onboarded', login_method: 'EMAIL', credentials: { email, password: 'abcdefgh' } },
    })
    assert.equal(response.statusCode, 200, response.body)
    return response.json().access_token
  }

  it('lets the first user of a new coop run it', async () => {
    const body = multipart([
      requestPart({ identifier: 'onboarded', name: 'Onboarded', hostname: 'onboarded.example' }),
      { name: 'logo', filename: 'logo.png', contentType: 'image/png', data: PNG },
    ])
    const created = await app.inject({
      method: 'POST',
      url: '/coop',
      headers: body.headers,
      payload: body.payload,
    })
    assert.equal(created.statusCode, 200)

    const founder = await signUp('founder@onboarded.example')
    assert.equal(founder.statusCode, 200, founder.body)
    assert.deepEqual(
      [founder.json().role, founder.json().verified, founder.json().coop],
      ['ADMIN', true, 'onboarded'],
    )
    const second = await signUp('second@onboarded.example')
    assert.equal(second.json().role, 'USER')

    const token = await logIn('founder@onboarded.example')
    const mine = await app.inject({ method: 'GET', url: '/coop', headers: bearer(token) })
    assert.deepEqual(mine.json(), created.json())

    const listed = await app.inject({
      method: 'GET',
      url: '/admin/user?sort=email,asc',
      headers: bearer(token),
    })
    assert.deepEqual(
      listed.json().users.map((user: { email: string }) => user.email),
      ['founder@onboarded.example', 'second@onboarded.example'],
    )

    const promoted = await app.inject({
      method: 'POST',
      url: `/admin/user/${second.json().uuid}/role`,
      headers: bearer(token),
      payload: { role: 'ADMIN' },
    })
    assert.equal(promoted.json().role, 'ADMIN')
    assert.equal((await app.inject({ method: 'GET', url: '/coop', headers: bearer(token) })).statusCode, 403)
    const secondToken = await logIn('second@onboarded.example')
    const renamed = multipart([requestPart({ name: 'Renamed' })])
    const updated = await app.inject({
      method: 'PUT',
      url: '/coop',
      headers: { ...bearer(secondToken), ...renamed.headers },
      payload: renamed.payload,
    })
    assert.equal(updated.json().name, 'Renamed')
    const count = await app.inject({ method: 'GET', url: '/public/user/count?coop=onboarded' })
    assert.deepEqual(count.json(), { registered: 2 })
  })
})
