import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { createAccount, DEFAULT_PASSWORD } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { useTestApp } from '../../../test/support/suite.ts'

// Enumeration defence: every endpoint that takes an account identifier from a stranger answers a
// known account (wrong password) exactly as an unknown one, in status, headers that matter and body.
forEachDatabase('known and unknown accounts answer alike', (dialect) => {
  const { app } = useTestApp(dialect, { env: { AMPNET_MAIL_CONFIRMATION: 'false' } })

  before(async () => {
    await createAccount(app, { email: 'known@example.com', username: 'known' })
    const disabled = await createAccount(app, { email: 'disabled@example.com', username: 'disabled' })
    await app.database.db.updateTable('users').set({ enabled: 0 }).where('id', '=', disabled.id).execute()
  })

  type Call = (identifier: string, password: string) => { url: string; payload: object }
  const endpoints: Record<string, Call> = {
    'ideapool POST /access-tokens': (email, password) => ({
      url: '/access-tokens',
      payload: { email, password },
    }),
    'authheader POST /user/login': (username, password) => ({
      url: '/user/login',
      payload: { username, password },
    }),
    'authheader POST /user/password': (username, password) => ({
      url: '/user/password',
      payload: { username, old: password, new: 'Password2', confirm: 'Password2' },
    }),
    'users POST /users/login': (email, password) => ({ url: '/users/login', payload: { email, password } }),
    'AMPnet POST /token': (email, password) => ({
      url: '/token',
      payload: { login_method: 'EMAIL', credentials: { email, password } },
    }),
    'AMPnet POST /forgot-password/token': (email) => ({ url: '/forgot-password/token', payload: { email } }),
  }
  const identifiers = {
    known: ['known@example.com', 'known'],
    disabled: ['disabled@example.com', 'disabled'],
    unknown: ['nobody@example.com', 'nobody'],
  } as const

  for (const [name, call] of Object.entries(endpoints)) {
    it(`${name}: a known, a disabled and an unknown account get the same status and body`, async () => {
      const byLogin = name.startsWith('authheader')
      const answers = []
      for (const [email, username] of Object.values(identifiers)) {
        const { url, payload } = call(byLogin ? username : email, 'Wrong-password-1')
        const response = await app.inject({ method: 'POST', url, payload })
        answers.push({
          status: response.statusCode,
          body: response.body,
          type: response.headers['content-type'] ?? null,
          length: response.headers['content-length'] ?? null,
        })
      }
      assert.deepEqual(answers[1], answers[0])
      assert.deepEqual(answers[2], answers[0])
      const expectedStatus = name.includes('forgot') ? 200 : name.startsWith('AMPnet') ? 400 : 401
      assert.equal(answers[0]?.status, expectedStatus, answers[0]?.body)
    })
  }

  it('a known account with its right password does sign in (the comparison is not vacuous)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/users/login',
      payload: { email: 'known@example.com', password: DEFAULT_PASSWORD },
    })
    assert.equal(response.statusCode, 200)
  })
})
