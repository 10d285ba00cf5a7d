import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { InjectOptions } from 'fastify'
import type { JWK } from 'jose'
import { signCompact } from '../../src/core/token/compact-jws.ts'
import type { User } from '../../src/core/user/user.ts'
import type { TestApp } from '../../test/support/test-app.ts'
import { createAccount } from '../support/accounts.ts'
import { forEachDatabase } from '../support/databases.ts'
import { jwtAttacks } from '../support/forged-tokens.ts'
import { createTestApp } from '../support/test-app.ts'

// Every forged, stale or revoked access token is refused by every surface, where that
// surface reads credentials, with that surface's own error (docs/api/*.md).

interface Target {
  readonly name: string
  readonly request: (token: string) => InjectOptions
  /** The surface's answer to a bad token. */
  readonly refused: readonly [number, unknown]
  /** Its answer to a genuine token whose user is gone. */
  readonly userGone: readonly [number, unknown]
}

const IDEAPOOL = [401, { reason: 'you can not pass!' }] as const
const AUTHHEADER = [401, { message: 'Unauthorized' }] as const
const USERS = [401, { success: false, message: 'Failed to authenticate token.' }] as const
const AMPNET = [400, { description: 'Invalid JWT', err_code: '0204', message: 'Invalid JWT' }] as const
const AMPNET_NO_USER = [404, ''] as const

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const targets: readonly Target[] = [
  {
    name: 'ideapool GET /me',
    request: (t) => ({ method: 'GET', url: '/me', headers: { 'x-access-token': t } }),
    refused: IDEAPOOL,
    userGone: IDEAPOOL,
  },
  {
    name: 'ideapool GET /ideas',
    request: (t) => ({ method: 'GET', url: '/ideas?page=1', headers: { 'x-access-token': t } }),
    refused: IDEAPOOL,
    userGone: IDEAPOOL,
  },
  {
    name: 'ideapool POST /ideas',
    request: (t) => ({
      method: 'POST',
      url: '/ideas',
      headers: { 'x-access-token': t },
      payload: { content: 'forged', impact: 1, ease: 1, confidence: 1 },
    }),
    refused: IDEAPOOL,
    userGone: IDEAPOOL,
  },
  {
    name: 'authheader GET /test/secure',
    request: (t) => ({ method: 'GET', url: '/test/secure', headers: bearer(t) }),
    refused: AUTHHEADER,
    userGone: AUTHHEADER,
  },
  {
    name: 'authheader GET /authheader/list',
    request: (t) => ({ method: 'GET', url: '/authheader/list', headers: bearer(t) }),
    refused: AUTHHEADER,
    userGone: AUTHHEADER,
  },
  {
    name: 'authheader POST /authheader/add',
    request: (t) => ({
      method: 'POST',
      url: '/authheader/add',
      headers: bearer(t),
      payload: { name: 'forged' },
    }),
    refused: AUTHHEADER,
    userGone: AUTHHEADER,
  },
  {
    name: 'users GET /users/me (header)',
    request: (t) => ({ method: 'GET', url: '/users/me', headers: { 'x-access-token': t } }),
    refused: USERS,
    userGone: USERS,
  },
  {
    name: 'users GET /users/me (?token=)',
    request: (t) => ({ method: 'GET', url: `/users/me?token=${encodeURIComponent(t)}` }),
    refused: USERS,
    userGone: USERS,
  },
  {
    name: 'ampnet GET /me',
    request: (t) => ({ method: 'GET', url: '/me', headers: bearer(t) }),
    refused: AMPNET,
    userGone: AMPNET_NO_USER,
  },
  {
    name: 'ampnet GET /admin/user',
    request: (t) => ({ method: 'GET', url: '/admin/user', headers: bearer(t) }),
    refused: AMPNET,
    userGone: AMPNET_NO_USER,
  },
]

function answerOf(response: { statusCode: number; body: string; json(): unknown }): [number, unknown] {
  return [response.statusCode, response.body === '' ? '' : response.json()]
}

forEachDatabase('JWT attacks on every surface', (dialect) => {
  let app: TestApp
  let foreign: TestApp
  let user: User
  let other: User
  let genuine: string
  before(async () => {
    ;[app, foreign] = await Promise.all([createTestApp({ dialect }), createTestApp()])
    user = await createAccount(app, { email: 'target@example.com', username: 'target' })
    user = await app.core.identity.roles.changeRole({
      tenantId: user.tenantId,
      userId: user.id,
      role: 'ADMIN',
    })
    other = await createAccount(app, { email: 'other@example.com' })
    genuine = await openSession(app, user)
  })
  after(() => Promise.all([app.close(), foreign.close()]))

  const openSession = async (on: TestApp, who: User) =>
    (
      await on.core.identity.auth.openSession(who, {
        surface: 'test',
        accessTtlSeconds: 3600,
        refreshTtlSeconds: undefined,
      })
    ).accessToken

  // The server's own signer, so that a token with bad claims is refused for its claims alone (a
  // signature in another form than the one we issue would be refused for that).
  const signWith = (on: TestApp) => async (claims: Record<string, unknown>) => {
    const { key, privateKey } = on.core.sessions.keyRing.signer()
    return signCompact({ alg: key.algorithm, kid: key.id, typ: 'JWT' }, claims, privateKey)
  }

  it('accepts the genuine token on every target (so the refusals below mean something)', async () => {
    for (const target of targets) {
      const response = await app.inject(target.request(genuine))
      assert.equal(
        response.statusCode,
        target.request(genuine).method === 'POST' && target.name.startsWith('ideapool') ? 201 : 200,
        `${target.name}: ${response.body}`,
      )
    }
  })

  it('refuses every forgery, stale token and stranger’s token with the surface’s own error', async () => {
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: JWK[] }>()
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1] ?? '', 'base64url').toString())
    const attacks = await jwtAttacks({
      genuine,
      publicJwk: jwks.keys[0] as JWK,
      sign: signWith(app),
      otherUserId: other.id,
      foreignToken: await openSession(foreign, await createAccount(foreign, { email: 'target@example.com' })),
      nowSeconds: Math.floor(app.clock.now().getTime() / 1000),
    })
    // Our user's own claims, signed by another Latchkey with the same issuer.
    attacks['our claims signed by another Latchkey'] = await signWith(foreign)(claims)
    assert.ok(Object.keys(attacks).length >= 20)
    for (const [attack, token] of Object.entries(attacks)) {
      for (const target of targets) {
        assert.deepEqual(
          answerOf(await app.inject(target.request(token))),
          target.refused,
          `${attack} on ${target.name}`,
        )
      }
    }
  })

  it('refuses a token once its clock time has passed', async () => {
    const token = (
      await app.core.identity.auth.openSession(user, {
        surface: 'test',
        accessTtlSeconds: 60,
        refreshTtlSeconds: undefined,
      })
    ).accessToken
    app.clock.advance(61)
    for (const target of targets) {
      assert.deepEqual(answerOf(await app.inject(target.request(token))), target.refused, target.name)
    }
  })

  it('refuses the token of a session ended by logout, on every surface', async () => {
    const logouts: Array<(token: string) => InjectOptions> = [
      (t) => ({ method: 'GET', url: '/user/logout', headers: bearer(t) }),
      (t) => ({ method: 'POST', url: '/logout', headers: bearer(t) }),
    ]
    for (const logout of logouts) {
      const token = await openSession(app, user)
      const response = await app.inject(logout(token))
      assert.equal(response.statusCode, 200, response.body)
      for (const target of targets) {
        assert.deepEqual(answerOf(await app.inject(target.request(token))), target.refused, target.name)
      }
    }
  })

  it('refuses the genuine token of a deleted user', async () => {
    const doomed = await createAccount(app, { email: 'doomed@example.com', username: 'doomed' })
    const token = await openSession(app, doomed)
    assert.equal((await app.inject(targets[0]?.request(token) ?? {})).statusCode, 200)
    await app.database.db.deleteFrom('users').where('id', '=', doomed.id).execute()
    for (const target of targets) {
      assert.deepEqual(answerOf(await app.inject(target.request(token))), target.userGone, target.name)
    }
  })
})
