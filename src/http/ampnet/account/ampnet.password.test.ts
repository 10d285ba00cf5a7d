import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
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
} from '../../../../test/support/ampnet-client.ts'

ampnetSuite('ampnet passwords', WITHOUT_CONFIRMATION, ({ app, sink }) => {
  const forgot = (email: string, coop: string | undefined = COOP) =>
    app.inject({ method: 'POST', url: '/forgot-password/token', payload: { email, coop } })
  const reset = (token: string, password: string) =>
    app.inject({ method: 'POST', url: '/forgot-password', payload: { new_password: password, token } })
  const refresh = (refreshToken: string) =>
    app.inject({ method: 'POST', url: '/token/refresh', payload: { refresh_token: refreshToken } })
  const changeOwn = (accessToken: string, payload: object) =>
    app.inject({ method: 'POST', url: '/me/password', headers: bearer(accessToken), payload })
  async function resetToken(email: string) {
    const count = sink.mails.length + 1
    const response = await forgot(email)
    assert.equal(response.statusCode, 200)
    assert.equal(response.body, '')
    return tokenFromMail(sink, email, 'reset_password', count)
  }

  it('mails one reset link, which sets the password once and ends every session', async () => {
    const { uuid } = await signUp(app, 'forgot@smith.com')
    const session = await logIn(app, 'forgot@smith.com')
    const token = await resetToken('forgot@smith.com')
    assert.equal(sink.mails.at(-1)?.subject, 'Reset password')
    const rows = await app.database.db
      .selectFrom('mail_tokens')
      .selectAll()
      .where('user_id', '=', uuid)
      .where('purpose', '=', 'reset_password')
      .execute()
    assert.equal(rows.length, 1)
    const response = await reset(token, 'new-password')
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().uuid, uuid)
    assert.equal(response.json().email, 'forgot@smith.com')
    await logIn(app, 'forgot@smith.com', 'new-password')
    assert.equal((await refresh(session.refresh_token)).json().err_code, '0208')
    const { events } = await app.core.ops.audit.page(app.core.tenants.tenants.defaultTenant().id, {
      page: 0,
      size: 100,
    })
    assert.deepEqual(
      events
        .filter((event) => event.actorUserId === uuid && event.type !== 'sign_in.succeeded')
        .map((event) => [event.type, event.details.reason ?? null]),
      [
        ['session.ended', 'password_reset'],
        ['password.reset', null],
        ['sign_up', null],
      ],
    )
    const again = await reset(token, 'newer-password')
    assert.equal(again.statusCode, 400)
    assert.deepEqual(
      again.json(),
      ampnetBody('0202', 'Missing forgot password token', `Missing forgot token: ${token}`),
    )
  })

  it('answers 200 and mails nothing for an unknown address or coop, and 0808 for a malformed one', async () => {
    const start = sink.mails.length
    assert.equal((await forgot('nobody@smith.com')).statusCode, 200)
    assert.equal((await forgot('forgot@smith.com', 'other-coop')).statusCode, 200)
    // Both requests left a job (the same work as for a known address), which finds no account.
    await app.core.mail.mailOutbox.deliverDue()
    assert.equal(await app.core.mail.mailOutbox.backlog(), 0)
    assert.equal(sink.mails.length, start)
    const malformed = await forgot('invalid-mail.com')
    assert.deepEqual(
      malformed.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'email Invalid email format. ', {
        email: 'Invalid email format',
      }),
    )
    assert.equal(
      (await app.inject({ method: 'POST', url: '/forgot-password/token', payload: {} })).statusCode,
      400,
    )
  })

  it('answers 0201 when the account signs in through a social provider', async () => {
    const { uuid } = await signUp(app, 'google@smith.com')
    const tokens = await logIn(app, 'google@smith.com')
    await app.database.db.updateTable('users').set({ auth_method: 'GOOGLE' }).where('id', '=', uuid).execute()
    const expected = ampnetBody('0201', 'Invalid login method', 'Cannot change password')
    assert.deepEqual((await forgot('google@smith.com')).json(), expected)
    const change = await changeOwn(tokens.access_token, {
      old_password: AMPNET_PASSWORD,
      new_password: 'whatever1',
    })
    assert.equal(change.statusCode, 400)
    assert.deepEqual(change.json(), expected)
  })

  it('answers 0203 to a reset token older than an hour, 0202 to an unknown one, 0808 to a bad password', async () => {
    await signUp(app, 'hour@smith.com')
    const token = await resetToken('hour@smith.com')
    const short = await reset(token, 'short')
    assert.deepEqual(
      short.json(),
      ampnetBody('0808', 'Invalid controller request exception', 'newPassword Invalid Password. ', {
        newPassword: 'Invalid Password',
      }),
    )
    app.clock.advance(3600)
    const expired = await reset(token, 'long-enough')
    assert.equal(expired.statusCode, 400)
    assert.deepEqual(
      expired.json(),
      ampnetBody('0203', 'Forgot password token expired', `Expired token: ${token}`),
    )
    const unknown = randomUUID()
    assert.equal((await reset(unknown, 'long-enough')).json().err_code, '0202')
    const notUuid = await reset('not-a-uuid', 'long-enough')
    assert.equal(notUuid.statusCode, 400)
    assert.equal(notUuid.json().status, 400)
  })

  it('changes the own password, keeping the caller’s session and ending the others', async () => {
    const { uuid } = await signUp(app, 'change@smith.com')
    const here = await logIn(app, 'change@smith.com')
    const elsewhere = await logIn(app, 'change@smith.com')
    const response = await changeOwn(here.access_token, {
      old_password: AMPNET_PASSWORD,
      new_password: 'newPassword',
    })
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().uuid, uuid)
    await logIn(app, 'change@smith.com', 'newPassword')
    assert.equal((await refresh(here.refresh_token)).statusCode, 200)
    assert.equal((await refresh(elsewhere.refresh_token)).json().err_code, '0208')
    const me = await app.inject({ method: 'GET', url: '/me', headers: bearer(elsewhere.access_token) })
    assert.equal(me.json().err_code, '0204')
  })

  it('answers 0303 to a wrong old password and 0808 to an empty old or a short new one', async () => {
    await signUp(app, 'old@smith.com')
    const { access_token } = await logIn(app, 'old@smith.com')
    const wrong = await changeOwn(access_token, { old_password: 'not-mine!', new_password: 'newPassword' })
    assert.equal(wrong.statusCode, 400)
    assert.deepEqual(wrong.json(), ampnetBody('0303', 'Invalid old password', 'Invalid old password'))
    const invalid = await changeOwn(access_token, { old_password: '', new_password: 'short' })
    assert.deepEqual(
      invalid.json(),
      ampnetBody(
        '0808',
        'Invalid controller request exception',
        'oldPassword must not be empty. newPassword Invalid Password. ',
        { oldPassword: 'must not be empty', newPassword: 'Invalid Password' },
      ),
    )
    assert.equal((await changeOwn(access_token, {})).statusCode, 400)
  })
})
