import assert from 'node:assert/strict'
import { afterEach, before, it } from 'node:test'
import { ampnetEnv, COOP, signUpBody, tokenFromMail, WITHOUT_CONFIRMATION } from '../support/ampnet-client.ts'
import { forEachDatabase } from '../support/databases.ts'
import { useTestApp } from '../support/suite.ts'

// A coop that closed sign-up, or asked for confirmed addresses, was bypassed
// through Idea Pool's POST /users and the users surface's POST /users/register. Every surface that
// creates users in the default coop now obeys its policy.

const PASSWORD = 'the-Secret-123'

forEachDatabase("every surface obeys the default coop's sign-up policy", (dialect) => {
  // AMPnet's own confirmation off, so that only the coop's policy asks for one.
  const { app, sink } = useTestApp(dialect, {
    mail: true,
    env: (sink) => ampnetEnv(sink, WITHOUT_CONFIRMATION),
  })
  let tenantId: string
  let mailsSent = 0
  before(() => {
    tenantId = app.core.tenants.tenants.defaultTenant().id
  })
  afterEach(() =>
    app.core.tenants.tenants.setSignUpPolicy(tenantId, { disableSignUp: false, confirmEmail: false }),
  )

  const ideapoolSignUp = (email: string) =>
    app.inject({ method: 'POST', url: '/users', payload: { email, name: 'Jack Black', password: PASSWORD } })
  const usersRegister = (email: string) =>
    app.inject({ method: 'POST', url: '/users/register', payload: { email, password: PASSWORD } })
  const exists = async (email: string) =>
    (await app.core.identity.userAdmin.findByEmail(tenantId, email, { page: 0, size: 1, sort: [] })).users
      .length > 0
  const confirm = async (email: string) => {
    mailsSent += 1
    const token = await tokenFromMail(sink, email, 'mail_confirmation', mailsSent)
    const response = await app.inject({ method: 'GET', url: `/mail-confirmation?token=${token}` })
    assert.equal(response.statusCode, 200, response.body)
  }

  it('refuses Idea Pool and users sign-up while the coop has sign-up disabled, creating nobody', async () => {
    // The coop's disable_sign_up, as its ADMIN sets it with PUT /coop.
    await app.core.tenants.coops.update(tenantId, { disableSignUp: true })
    const ideapool = await ideapoolSignUp('closed-ideapool@example.com')
    assert.equal(ideapool.statusCode, 403)
    assert.deepEqual(ideapool.json(), { reason: 'Sign-up is disabled' })
    const users = await usersRegister('closed-users@example.com')
    assert.equal(users.statusCode, 403)
    assert.deepEqual(users.json(), { success: false, message: 'Sign-up is disabled.' })
    const ampnet = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: signUpBody('closed@example.com'),
    })
    assert.equal(ampnet.statusCode, 400)
    assert.equal(ampnet.json().err_code, '0112')
    for (const email of ['closed-ideapool@example.com', 'closed-users@example.com', 'closed@example.com'])
      assert.equal(await exists(email), false, email)
  })

  it('gives an Idea Pool sign-up no token until the mailed link confirms the address', async () => {
    await app.core.tenants.tenants.setSignUpPolicy(tenantId, { confirmEmail: true })
    const email = 'confirm-ideapool@example.com'
    const response = await ideapoolSignUp(email)
    assert.equal(response.statusCode, 202)
    assert.deepEqual(response.json(), {
      message: 'Confirm your email address with the link we sent you, then sign in',
    })
    const signIn = () =>
      app.inject({ method: 'POST', url: '/access-tokens', payload: { email, password: PASSWORD } })
    const refused = await signIn()
    assert.equal(refused.statusCode, 401)
    assert.deepEqual(refused.json(), { reason: 'Either email or password is incorrect' })
    await confirm(email)
    assert.equal((await signIn()).statusCode, 201)
  })

  it('registers a users-surface account disabled until the mailed link confirms it', async () => {
    await app.core.tenants.tenants.setSignUpPolicy(tenantId, { confirmEmail: true })
    const email = 'confirm-users@example.com'
    const response = await usersRegister(email)
    assert.equal(response.statusCode, 201)
    const body = response.json()
    assert.deepEqual(body, {
      success: true,
      uid: body.uid,
      message: 'Confirm your email address with the link we sent you, then sign in.',
    })
    assert.equal((await app.core.identity.users.get(body.uid)).enabled, false)
    const logIn = () =>
      app.inject({ method: 'POST', url: '/users/login', payload: { email, password: PASSWORD } })
    assert.equal((await logIn()).statusCode, 401)
    await confirm(email)
    assert.equal((await logIn()).statusCode, 200)
  })

  it('starts an AMPnet e-mail sign-up disabled when the coop asks, even with AMPNET_MAIL_CONFIRMATION off', async () => {
    await app.core.tenants.tenants.setSignUpPolicy(tenantId, { confirmEmail: true })
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: signUpBody('confirm@a.com'),
    })
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json().enabled, false)
    await confirm('confirm@a.com')
  })

  it('keeps the default policy: Idea Pool and users sign-ups are enabled at once, no mail', async () => {
    assert.equal((await ideapoolSignUp('open-ideapool@example.com')).statusCode, 201)
    assert.equal((await usersRegister('open-users@example.com')).statusCode, 201)
    const open = await app.inject({ method: 'POST', url: '/signup', payload: signUpBody('open@a.com') })
    assert.equal(open.json().enabled, true)
    assert.equal(await app.core.mail.mailOutbox.backlog(), 0)
    assert.equal(sink.mails.length, mailsSent)
    assert.equal(COOP, app.core.tenants.tenants.defaultTenant().identifier)
  })
})
