import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { enrolTotp } from '../../../test/support/mfa.ts'
import { surfaceSuite } from '../../../test/support/suite.ts'

// A user with a second factor who signs in to a legacy API with a password alone gets that API's
// documented refusal: no token, no session, no sign_in.succeeded. A coop may allow it instead.
surfaceSuite('MFA refusal on the legacy APIs', { env: { AMPNET_MAIL_CONFIRMATION: 'false' } }, ({ app }) => {
  before(async () => {
    const user = await createAccount(app, { email: 'mfa@example.com', username: 'mfa.user' })
    await enrolTotp(app, user)
    await createAccount(app, { email: 'plain@example.com', username: 'plain.user' })
  })

  const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, payload })
  const signIns = {
    ideapool: (email: string) => post('/access-tokens', { email, password: DEFAULT_PASSWORD }),
    authheader: (email: string) =>
      post('/user/login', { username: email.replace('@example.com', '.user'), password: DEFAULT_PASSWORD }),
    users: (email: string) => post('/users/login', { email, password: DEFAULT_PASSWORD }),
    ampnet: (email: string) =>
      post('/token', { login_method: 'EMAIL', credentials: { email, password: DEFAULT_PASSWORD } }),
  }
  const refusals = {
    ideapool: { reason: 'Two-factor authentication required' },
    authheader: { message: 'Two-factor authentication required' },
    users: { success: false, message: 'Two-factor authentication required.' },
    ampnet: {
      description: 'Two-factor authentication required',
      err_code: '0210',
      message: 'Sign in through the hosted pages to use two-factor authentication',
      errors: {},
    },
  }
  const successes = { ideapool: 201, authheader: 200, users: 200, ampnet: 200 }

  const signInEvents = async (type: string) => {
    const { events } = await app.core.ops.audit.page(
      app.core.tenants.tenants.defaultTenant().id,
      { page: 0, size: 100 },
      { type },
    )
    return events
  }

  for (const surface of ['ideapool', 'authheader', 'users', 'ampnet'] as const) {
    describe(surface, () => {
      it('refuses a password-only sign-in of a user with MFA with 403 and its documented body', async () => {
        const openBefore = await app.core.sessions.sessions.countOpen()
        const succeededBefore = (await signInEvents('sign_in.succeeded')).length
        const response = await signIns[surface]('mfa@example.com')
        assert.equal(response.statusCode, 403)
        assert.deepEqual(response.json(), refusals[surface])
        assert.equal(await app.core.sessions.sessions.countOpen(), openBefore)
        assert.equal((await signInEvents('sign_in.succeeded')).length, succeededBefore)
        const [failed] = await signInEvents('sign_in.failed')
        assert.deepEqual(failed?.details, { method: 'password', surface, reason: 'mfa_required' })
      })

      it('still signs in a user without MFA', async () => {
        const response = await signIns[surface]('plain@example.com')
        assert.equal(response.statusCode, successes[surface])
      })

      it('answers a wrong password as before, without telling that the account has MFA', async () => {
        const response =
          surface === 'authheader'
            ? await post('/user/login', { username: 'mfa.user', password: 'Wrong-password1' })
            : surface === 'ampnet'
              ? await post('/token', {
                  login_method: 'EMAIL',
                  credentials: { email: 'mfa@example.com', password: 'Wrong-password1' },
                })
              : await post(surface === 'users' ? '/users/login' : '/access-tokens', {
                  email: 'mfa@example.com',
                  password: 'Wrong-password1',
                })
        assert.equal(response.statusCode, surface === 'ampnet' ? 400 : 401)
      })
    })
  }

  it('refuses authheader’s token-less password change for a user with MFA, and leaves the password', async () => {
    const response = await post('/user/password', {
      username: 'mfa.user',
      old: DEFAULT_PASSWORD,
      new: 'Another-password1',
      confirm: 'Another-password1',
    })
    assert.equal(response.statusCode, 403)
    assert.deepEqual(response.json(), { message: 'Two-factor authentication required' })
    assert.equal((await signIns.ideapool('mfa@example.com')).statusCode, 403)
  })

  it('signs the user in with a password alone once the coop allows it', async () => {
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    await app.core.identity.mfa.setPolicy(tenantId, { legacyPasswordAllowed: true })
    try {
      for (const surface of ['ideapool', 'authheader', 'users', 'ampnet'] as const) {
        const response = await signIns[surface]('mfa@example.com')
        assert.equal(response.statusCode, successes[surface], surface)
      }
    } finally {
      await app.core.identity.mfa.setPolicy(tenantId, { legacyPasswordAllowed: false })
    }
  })
})
