import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useCliWorld } from '../../test/support/cli.ts'

describe('latchkey coops', () => {
  // The public POST /coop is off; the operator still creates coops.
  const world = useCliWorld('sqlite', { AMPNET_COOP_CREATION: 'false' })

  const createUser = async (email: string, ...more: string[]) => {
    const result = await world.run([
      'users',
      'create',
      '--email',
      email,
      '--password',
      'Analytical-1843',
      ...more,
    ])
    assert.equal(result.code, 0, result.stderr)
  }

  it('creates a coop whose users sign in to it over AMPnet', async () => {
    const result = await world.run([
      'coops',
      'create',
      'my-coop',
      '--name',
      'My Coop',
      '--hostname',
      'coop.example.com',
    ])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^created coop my-coop \([0-9a-f-]{36}\)\n$/)
    await createUser('ada@example.com', '--coop', 'my-coop')

    const app = await world.startApp()
    const login = (coop: string) =>
      app.server.inject({
        method: 'POST',
        url: '/token',
        payload: {
          coop,
          login_method: 'EMAIL',
          credentials: { email: 'ada@example.com', password: 'Analytical-1843' },
        },
      })
    assert.equal((await login('my-coop')).statusCode, 200)
    assert.equal((await login('ampnet')).statusCode, 400)
    const config = await app.server.inject({
      method: 'GET',
      url: '/public/app/config/hostname/coop.example.com',
    })
    assert.equal(config.statusCode, 200, config.body)
    assert.equal(config.json().identifier, 'my-coop')
  })

  it('lists the coops, oldest first, with their user counts', async () => {
    const result = await world.run(['coops', 'list'])
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3)
    assert.match(lines[0] ?? '', /^IDENTIFIER +NAME +HOSTNAME +USERS +CREATED$/)
    assert.match(lines[1] ?? '', /^ampnet +ampnet +0 +\d{4}-\d\d-\d\dT/)
    assert.match(lines[2] ?? '', /^my-coop +My Coop +coop\.example\.com +1 +\d{4}-\d\d-\d\dT/)
  })

  it('refuses a taken or malformed identifier with one line and exit 1', async () => {
    const taken = await world.run(['coops', 'create', 'my-coop', '--name', 'Again'])
    assert.deepEqual(taken, { code: 1, stdout: '', stderr: 'latchkey: a coop with that identifier exists\n' })
    const malformed = await world.run(['coops', 'create', 'My Coop!', '--name', 'x'])
    assert.deepEqual(malformed, {
      code: 1,
      stdout: '',
      stderr: 'latchkey: identifier must be 1-64 lower-case letters, digits or dashes\n',
    })
    const nameless = await world.run(['coops', 'create', 'x'])
    assert.deepEqual(nameless, {
      code: 2,
      stdout: '',
      stderr: 'latchkey: --name is required (see latchkey coops create --help)\n',
    })
  })

  it('gives a coop its own lockout, which the server applies to that coop only', async () => {
    const set = await world.run([
      'coops',
      'set-lockout',
      'my-coop',
      '--threshold',
      '1',
      '--base-seconds',
      '120',
    ])
    assert.equal(set.code, 0, set.stderr)
    assert.equal(
      set.stdout,
      'coop my-coop: lockout after 1 failures within 900 s, 120 s doubling up to 900 s\n',
    )
    await createUser('bob@example.com')

    const app = await world.startApp()
    const login = (coop: string, email: string, password: string) =>
      app.server.inject({
        method: 'POST',
        url: '/token',
        payload: { coop, login_method: 'EMAIL', credentials: { email, password } },
      })
    assert.equal((await login('my-coop', 'ada@example.com', 'Wrong-password-1')).statusCode, 400)
    const locked = await login('my-coop', 'ada@example.com', 'Analytical-1843')
    assert.deepEqual([locked.statusCode, locked.headers['retry-after']], [429, '120'])
    assert.equal((await login('ampnet', 'bob@example.com', 'Wrong-password-1')).statusCode, 400)
    assert.equal(
      (await login('ampnet', 'bob@example.com', 'Analytical-1843')).statusCode,
      200,
      'the default coop keeps LOCKOUT_THRESHOLD',
    )
  })

  it('refuses an unknown coop or a malformed number', async () => {
    assert.deepEqual(await world.run(['coops', 'set-lockout', 'nowhere', '--threshold', '3']), {
      code: 1,
      stdout: '',
      stderr: 'latchkey: no such coop\n',
    })
    assert.deepEqual(await world.run(['coops', 'set-lockout', 'my-coop', '--threshold', 'many']), {
      code: 2,
      stdout: '',
      stderr: 'latchkey: --threshold must be a whole number (see latchkey coops set-lockout --help)\n',
    })
  })
})
