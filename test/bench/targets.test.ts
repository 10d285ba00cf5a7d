import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { bareLoginOperations, bareRefreshOperations, PASSWORD } from '../../bench/operations.ts'
import { startTarget, type Target } from '../../bench/processes.ts'

// The stack's limits that the login and refresh rows are set beside must answer as those rows do:
// a refused request measured as a success would make a limit that is not one.
const post = async (url: string, body: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const claimsOf = (jwt: unknown) => {
  assert.equal(typeof jwt, 'string')
  const [header, payload] = (jwt as string)
    .split('.')
    .map((part) => Buffer.from(part, 'base64url').toString())
  return { header: JSON.parse(header ?? ''), payload: JSON.parse(payload ?? '') }
}

describe('the bare login and the bare refresh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bare-targets-'))
  let login: Target
  let refresh: Target
  before(async () => {
    const target = (name: string, args: string[], port: number) =>
      startTarget({ name, script: `bench/targets/${name}.ts`, args, port, healthPath: '/', core: -1 })
    login = await target('bare-login', ['4631', join(dir, 'login.db'), PASSWORD], 4631)
    refresh = await target('bare-refresh', ['4632', join(dir, 'refresh.db')], 4632)
  })
  after(async () => {
    await Promise.all([login.stop(), refresh.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('logs in with the bench password only, opening a session and signing an ES256 token', async () => {
    const [operation] = bareLoginOperations(login.url)
    assert.equal(operation?.name, 'POST /login (hash verified, session opened, token signed)')
    const first = await post(`${login.url}/login`, { email: 'small@bench.test', password: PASSWORD })
    const second = await post(`${login.url}/login`, { email: 'small@bench.test', password: PASSWORD })
    assert.equal(first.status, 201)
    assert.equal(claimsOf(first.body.jwt).header.alg, 'ES256')
    // A session each: their refresh tokens and session ids differ.
    assert.notEqual(first.body.refresh_token, second.body.refresh_token)
    assert.notEqual(claimsOf(first.body.jwt).payload.sid, claimsOf(second.body.jwt).payload.sid)
    for (const password of ['wrong', 5])
      assert.deepEqual(await post(`${login.url}/login`, { email: 'small@bench.test', password }), {
        status: 401,
        body: { reason: 'Wrong email or password' },
      })
  })

  it('refreshes the one known session with a token carrying the ideapool claims, and nothing else', async () => {
    const [operation] = bareRefreshOperations(refresh.url)
    assert.equal(operation?.name, 'POST /refresh (session touched, token signed)')
    const answer = await post(`${refresh.url}/refresh`, { refresh_token: 'bare-refresh-token' })
    assert.equal(answer.status, 200)
    const { payload } = claimsOf(answer.body.jwt)
    assert.deepEqual(Object.keys(payload), [
      'id',
      'email',
      'name',
      'uid',
      'tid',
      'sid',
      'sub',
      'iss',
      'iat',
      'exp',
    ])
    assert.deepEqual(await post(`${refresh.url}/refresh`, { refresh_token: 'unknown' }), {
      status: 401,
      body: { reason: 'Invalid refresh token' },
    })
    assert.deepEqual(await post(`${refresh.url}/refresh`, {}), {
      status: 400,
      body: { reason: 'refresh_token is required' },
    })
  })
})
