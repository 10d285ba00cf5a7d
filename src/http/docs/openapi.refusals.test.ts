import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { abuseEnv, occupyHashing } from '../../../test/support/abuse.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { everyRateLimit } from '../../config/config.ts'
import { SURFACE_DOCS } from './docs.routes.ts'
import { operationKey, SURFACES, type Surface } from './openapi.ts'

// The documents' 429s and 503s against what the routes really answer, so that neither drifts:
// every route is called with a request that gets past its input checks, from an address of its
// own, under limits of 1 per window (429) or with every Argon2 slot taken (503). A route answers
// the refusal if and only if its description lists it. SQLite only: this is about the routes.

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { headers?: Record<string, { required: boolean }> }> }>
  >
}

interface Probe {
  readonly headers?: Record<string, string>
  readonly payload?: unknown
}

// AMPnet users are enabled at sign-up, so the guarded routes reach their work.
const NO_CONFIRMATION = { AMPNET_MAIL_CONFIRMATION: 'false' }

const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1')

/**
 * Requests that reach each route's work (and so its limiter and its password hashing); routes not
 * listed are called without a body, with `credentials` of their surface. Every route that takes a
 * body must be listed (checked below), so that a new one cannot slip past the limiter unseen.
 */
function probesOf(email: (label: string) => string): Record<string, Probe> {
  return {
    'ideapool POST /users': { payload: { email: email('ip-signup'), name: 'A B', password: 'Password1' } },
    'ideapool POST /access-tokens': { payload: { email: email('ip-login'), password: 'Wrong-pass1' } },
    'ideapool POST /access-tokens/refresh': { payload: { refresh_token: 'unknown' } },
    'ideapool DELETE /access-tokens': { payload: { refresh_token: 'unknown' } },
    'ideapool POST /ideas': { payload: { content: 'c', impact: 1, ease: 1, confidence: 1 } },
    'ideapool PUT /ideas/:id': { payload: { content: 'c', impact: 1, ease: 1, confidence: 1 } },
    'users POST /users/login': { payload: { email: email('us-login'), password: 'Wrong-pass1' } },
    'users POST /users/register': { payload: { email: email('us-register'), password: 'Password1' } },
    'authheader POST /user/login': { payload: { username: 'nobody', password: 'Wrong-pass1' } },
    'authheader POST /user/password': {
      payload: { username: 'nobody', old: 'Wrong-pass1', new: 'Password2', confirm: 'Password2' },
    },
    'authheader POST /authheader/add': { payload: { name: 'key' } },
    'authheader POST /authheader/delete': { payload: { text: 'unknown' } },
    'ampnet POST /signup': {
      payload: {
        signup_method: 'EMAIL',
        user_info: { email: email('amp-signup'), password: 'abcdefgh', first_name: 'f', last_name: 'l' },
      },
    },
    'ampnet POST /token': {
      payload: { login_method: 'EMAIL', credentials: { email: email('amp-login'), password: 'wrong-pass' } },
    },
    'ampnet POST /token/refresh': { payload: { refresh_token: 'unknown' } },
    'ampnet POST /forgot-password/token': { payload: { email: email('amp-forgot') } },
    'ampnet POST /forgot-password': { payload: { new_password: 'abcdefgh', token: randomUUID() } },
    'ampnet POST /me/password': { payload: { old_password: 'wrong-pass', new_password: 'abcdefgh2' } },
    'ampnet PUT /me/update': { payload: { language: 'en' } },
    'ampnet POST /admin/user/:uuid/role': { payload: { role: 'USER' } },
    'ampnet POST /bank-account': { payload: { iban: 'HR1723600001101234565', bank_code: 'ZABAHR2X' } },
    'ampnet POST /veriff/webhook/decision': { payload: {} },
    'ampnet POST /veriff/webhook/event': { payload: {} },
    'ampnet POST /identyum': { payload: 'report' },
    'ampnet POST /coop': { payload: {} },
    'ampnet PUT /coop': { payload: {} },
  }
}

interface Route {
  readonly surface: Surface
  readonly method: string
  /** As served. */
  readonly url: string
  readonly key: string
  readonly documented: Record<string, { headers?: Record<string, { required: boolean }> }>
}

async function routesOf(app: TestApp): Promise<Route[]> {
  const routes: Route[] = []
  for (const surface of SURFACES) {
    const response = await app.inject({ url: `/openapi/${surface}.json` })
    assert.equal(response.statusCode, 200)
    for (const [path, item] of Object.entries(response.json<Document>().paths)) {
      for (const [method, operation] of Object.entries(item)) {
        routes.push({
          surface,
          method: method.toUpperCase(),
          url: path.replace(/\{[^}]+\}/g, 'x'),
          key: `${surface} ${operationKey(method.toUpperCase(), fastifyPath(path))}`,
          documented: operation.responses,
        })
      }
    }
  }
  return routes
}

/** An AMPnet access token of a fresh user, got over HTTP from an address no probe uses. */
async function ampnetToken(app: TestApp): Promise<string> {
  const remoteAddress = '192.0.2.1'
  const email = `amp-${randomUUID()}@example.com`
  const signUp = await app.inject({
    method: 'POST',
    url: '/signup',
    remoteAddress,
    payload: { signup_method: 'EMAIL', user_info: { email, password: 'abcdefgh' } },
  })
  assert.equal(signUp.statusCode, 200, signUp.body)
  const login = await app.inject({
    method: 'POST',
    url: '/token',
    remoteAddress,
    payload: { login_method: 'EMAIL', credentials: { email, password: 'abcdefgh' } },
  })
  assert.equal(login.statusCode, 200, login.body)
  return login.json<{ access_token: string }>().access_token
}

/** The surface's credential for routes that need one: valid for AMPnet, a bad key for authheader. */
function credentialsOf(route: Route, ampnet: string): Record<string, string> {
  if (route.surface === 'ideapool') return { 'x-access-token': 'not-a-jwt' }
  if (route.surface === 'authheader') return { 'x-authorization': 'not-a-key' }
  // Logging out would end the session the other AMPnet probes use.
  if (route.surface === 'ampnet' && route.key !== 'ampnet POST /logout') {
    return { authorization: `Bearer ${ampnet}` }
  }
  return {}
}

function requestOf(route: Route, probe: Probe | undefined, ampnet: string, remoteAddress: string) {
  return {
    method: route.method as 'GET',
    url: route.url,
    remoteAddress,
    headers: { ...credentialsOf(route, ampnet), ...probe?.headers },
    ...(probe?.payload !== undefined && { payload: probe.payload as string }),
  }
}

const addressOf = (index: number) => `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`

/**
 * Calls every route up to `budget` times (stopping at the first `status`) and checks: it answers
 * `status` if and only if its description lists it, with the described Retry-After, and every
 * status it answers on the way is documented.
 */
async function checkRefusal(
  app: TestApp,
  ampnet: string,
  status: 429 | 503,
  budget: number,
  exempt: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  const probes = probesOf((label) => `${label}-${status}@example.com`)
  const routes = await routesOf(app)
  const answering: string[] = []
  // Every mismatch at once, so that one run names all the descriptions to fix.
  const problems: string[] = []
  for (const [index, route] of routes.entries()) {
    const probe = probes[route.key]
    const statuses: number[] = []
    for (let call = 0; call < budget && !statuses.includes(status); call += 1) {
      const response = await app.inject(requestOf(route, probe, ampnet, addressOf(index)))
      statuses.push(response.statusCode)
      if (!(String(response.statusCode) in route.documented)) {
        problems.push(`${route.key} answered ${response.statusCode} (undocumented): ${response.body}`)
      }
      if (response.statusCode === status) {
        if (route.documented[status]?.headers?.['Retry-After'] === undefined) {
          problems.push(`${route.key}: ${status} without a documented Retry-After`)
        }
        if (!/^[1-9][0-9]*$/.test(String(response.headers['retry-after']))) {
          problems.push(`${route.key}: ${status} without a Retry-After header`)
        }
      }
    }
    const documented = String(status) in route.documented
    if (documented && route.key in exempt) continue
    if (statuses.includes(status) !== documented) {
      problems.push(`${route.key}: ${status} documented ${documented}, answered ${statuses}`)
    }
    if (documented) answering.push(route.key)
  }
  assert.deepEqual(problems, [])
  return answering
}

describe('OpenAPI documents and the refusals the routes really give', () => {
  it('lists a probe for every route that takes a body', () => {
    const probes = probesOf(() => 'x@example.com')
    for (const surface of SURFACES) {
      for (const [key, operation] of Object.entries(SURFACE_DOCS[surface].operations)) {
        if (operation.requestBody === undefined) continue
        assert.ok(`${surface} ${key}` in probes, `no probe for ${surface} ${key}`)
      }
    }
    for (const key of Object.keys(probes)) {
      const [surface, ...operation] = key.split(' ')
      assert.ok(SURFACE_DOCS[surface as Surface].operations[operation.join(' ')], `${key} is no route`)
    }
  })

  describe('429 with limits of 1 per window in every category', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp({
        env: {
          ...NO_CONFIRMATION,
          ...abuseEnv('memory', { ...everyRateLimit('1/60'), LOCKOUT_THRESHOLD: '0' }),
        },
      })
    })
    after(() => app.close())

    it('answers 429 exactly on the routes described with it', async () => {
      const answering = await checkRefusal(app, await ampnetToken(app), 429, 3)
      // The probes reach the limiters: the check above would pass on none at all otherwise.
      assert.ok(answering.length >= 15, `${answering}`)
    })
  })

  describe('503 with every Argon2 slot taken and no queue', () => {
    let app: TestApp
    let held: { release(): Promise<void> } | undefined
    before(async () => {
      app = await createTestApp({
        env: { ...NO_CONFIRMATION, ARGON2_CONCURRENCY: '1', ARGON2_QUEUE_LIMIT: '0' },
      })
    })
    after(async () => {
      await held?.release()
      await app.close()
    })

    it('answers 503 exactly on the routes described with it', async () => {
      const ampnet = await ampnetToken(app)
      held = occupyHashing(app, 1)
      const answering = await checkRefusal(app, ampnet, 503, 1, {
        // Checks and hashes the new password only once a real (mailed) reset token is found, so it
        // is not driven here (password-reset.service.ts: assertNotBreached, then passwords.hash).
        // It must still not answer an undocumented status. Everything else described with 503
        // must answer it here.
        'ampnet POST /forgot-password': 'needs a mailed reset token',
      })
      assert.ok(answering.length >= 8, `${answering}`)
    })
  })
})
