import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  AMPNET_PASSWORD,
  ampnetBody,
  ampnetSuite,
  bearer,
  COOP,
  logIn,
  signUp,
  tokenFromMail,
  WITHOUT_CONFIRMATION,
} from '../support/ampnet-client.ts'

// A reset link stayed valid after the password was reset with another link or
// changed; whoever read the mailbox (or the old mail) could take the account back afterwards.
ampnetSuite('password-reset links end with any reset or change', WITHOUT_CONFIRMATION, ({ app, sink }) => {
  let counter = 0
  async function account() {
    counter += 1
    const email = `reset${counter}@example.com`
    const { uuid } = await signUp(app, email)
    return { email, uuid }
  }
  async function resetLink(email: string) {
    const count = sink.mails.length + 1
    const response = await app.inject({
      method: 'POST',
      url: '/forgot-password/token',
      payload: { email, coop: COOP },
    })
    assert.equal(response.statusCode, 200)
    return tokenFromMail(sink, email, 'reset_password', count)
  }
  const reset = (token: string, password: string) =>
    app.inject({ method: 'POST', url: '/forgot-password', payload: { new_password: password, token } })
  const pendingLinks = (userId: string) =>
    app.database.db
      .selectFrom('mail_tokens')
      .select('id')
      .where('user_id', '=', userId)
      .where('purpose', '=', 'reset_password')
      .execute()

  /** The link is dead: the AMPnet answer to an unknown token, and the password did not change. */
  async function assertDead(token: string, email: string, currentPassword: string) {
    const response = await reset(token, 'attacker-password')
    assert.equal(response.statusCode, 400)
    assert.deepEqual(
      response.json(),
      ampnetBody('0202', 'Missing forgot password token', `Missing forgot token: ${token}`),
    )
    await logIn(app, email, currentPassword)
  }

  it('a reset with one link ends the others', async () => {
    const { email, uuid } = await account()
    const first = await resetLink(email)
    const second = await resetLink(email)
    assert.equal((await pendingLinks(uuid)).length, 2)
    assert.equal((await reset(second, 'second-password')).statusCode, 200)
    assert.deepEqual(await pendingLinks(uuid), [])
    await assertDead(first, email, 'second-password')
  })

  it('an AMPnet password change (/me/password) ends every link', async () => {
    const { email, uuid } = await account()
    const link = await resetLink(email)
    const { access_token } = await logIn(app, email)
    const change = await app.inject({
      method: 'POST',
      url: '/me/password',
      headers: bearer(access_token),
      payload: { old_password: AMPNET_PASSWORD, new_password: 'changed-password' },
    })
    assert.equal(change.statusCode, 200)
    assert.deepEqual(await pendingLinks(uuid), [])
    await assertDead(link, email, 'changed-password')
  })

  it('an authheader password change (POST /user/password) ends every link', async () => {
    const { email, uuid } = await account()
    const link = await resetLink(email)
    const change = await app.inject({
      method: 'POST',
      url: '/user/password',
      payload: { username: email, old: AMPNET_PASSWORD, new: 'Changed-Pass1', confirm: 'Changed-Pass1' },
    })
    assert.deepEqual([change.statusCode, change.json()], [200, { message: 'Password changed' }])
    assert.deepEqual(await pendingLinks(uuid), [])
    await assertDead(link, email, 'Changed-Pass1')
  })

  it('an operator’s set-password (the CLI’s core call) ends every link', async () => {
    const { email, uuid } = await account()
    const link = await resetLink(email)
    await app.core.identity.passwordChanges.setByOperator(uuid, 'Operator-Set1', { check: () => undefined })
    assert.deepEqual(await pendingLinks(uuid), [])
    await assertDead(link, email, 'Operator-Set1')
  })

  it('leaves other users’ links and the confirmation links alone', async () => {
    const bystander = await account()
    const link = await resetLink(bystander.email)
    const { email } = await account()
    const own = await resetLink(email)
    assert.equal((await reset(own, 'my-new-password')).statusCode, 200)
    assert.equal((await pendingLinks(bystander.uuid)).length, 1)
    assert.equal((await reset(link, 'bystander-new')).statusCode, 200)
  })
})
