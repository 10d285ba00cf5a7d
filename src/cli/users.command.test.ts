import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { type CliWorld, createCliWorld, eventually, latchkeyBin } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import { type LatchkeyProcess, startLatchkeyProcess } from '../../test/support/latchkey-process.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const PASSWORD = 'Analytical-1843'

// The server runs as `latchkey serve`; the CLI's changes reach it through the shared database.
forEachDatabase('latchkey serve and users', (dialect) => {
  let world: CliWorld
  let server: LatchkeyProcess
  before(async () => {
    world = await createCliWorld(dialect)
    server = await startLatchkeyProcess({ ...world.env }, [latchkeyBin, 'serve'])
  })
  after(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL')
    await world.close()
  })

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
  }
  const ideapoolLogin = (email: string, password = PASSWORD) =>
    call('POST', '/access-tokens', { email, password })
  const ampnetLogin = (email: string, password = PASSWORD) =>
    call('POST', '/token', { login_method: 'EMAIL', credentials: { email, password } })
  const authheaderLogin = (username: string, password = PASSWORD) =>
    call('POST', '/user/login', { username, password })

  async function create(email: string, ...extra: string[]): Promise<string> {
    const result = await world.run(['users', 'create', '--email', email, '--password', PASSWORD, ...extra])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^[0-9a-f-]{36}\n$/)
    return result.stdout.trim()
  }

  async function listed(): Promise<Record<string, unknown>[]> {
    const result = await world.run(['users', 'list', '--json'])
    assert.equal(result.code, 0, result.stderr)
    return result.stdout
      .trimEnd()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line))
  }

  it('creates a user who signs in on every surface of the served server', async () => {
    const id = await create('ada@example.com', '--name', 'Ada Lovelace', '--username', 'ada')
    assert.match(id, UUID)
    const ideapool = await ideapoolLogin('ADA@example.com')
    assert.equal(ideapool.status, 201)
    const me = await call('GET', '/me', undefined, { 'x-access-token': ideapool.body.jwt })
    assert.equal(me.status, 200)
    assert.equal(me.body.email, 'ada@example.com')
    assert.equal(me.body.name, 'Ada Lovelace')
    assert.equal((await authheaderLogin('ada')).status, 200)
    assert.equal((await ampnetLogin('ada@example.com')).status, 200)
  })

  it('refuses a duplicate, a weak password, a bad email and an unknown coop with one line and exit 1', async () => {
    const before = await listed()
    const cases: [string[], string][] = [
      [
        ['--email', 'Ada@Example.com', '--password', PASSWORD],
        'latchkey: user not created: a user with email Ada@Example.com exists (coop ampnet)\n',
      ],
      [
        ['--email', 'weak@example.com', '--password', 'abcdefgh'],
        'latchkey: user not created: password must include at least one upper-case letter, one lower-case letter and one digit (coop ampnet)\n',
      ],
      [
        ['--email', 'not-an-email', '--password', PASSWORD],
        'latchkey: user not created: email "not-an-email" is invalid (coop ampnet)\n',
      ],
      [
        ['--email', 'x@example.com', '--password', PASSWORD, '--coop', 'nope'],
        'latchkey: no coop with identifier "nope"\n',
      ],
    ]
    for (const [args, stderr] of cases) {
      const result = await world.run(['users', 'create', ...args])
      assert.deepEqual(result, { code: 1, stdout: '', stderr })
    }
    assert.deepEqual(await listed(), before)
  })

  it('lists users as a table and as JSON lines', async () => {
    const table = await world.run(['users', 'list'])
    assert.equal(table.code, 0)
    const [header, row] = table.stdout.split('\n')
    assert.match(header ?? '', /^ID +EMAIL +USERNAME +NAME +ROLE +STATE +CREATED$/)
    assert.match(row ?? '', /^[0-9a-f-]{36} +ada@example\.com +ada +Ada Lovelace +USER +enabled +\d{4}-/)
    const [ada] = await listed()
    assert.deepEqual(
      { ...ada, id: undefined, createdAt: undefined },
      {
        id: undefined,
        email: 'ada@example.com',
        username: 'ada',
        name: 'Ada Lovelace',
        role: 'USER',
        state: 'enabled',
        createdAt: undefined,
      },
    )
  })

  it('sets a password by the rules: the new one signs in, the old one and old sessions stop', async () => {
    await create('grace@example.com')
    const { jwt } = (await ideapoolLogin('grace@example.com')).body
    const weak = await world.run(['users', 'set-password', 'grace@example.com', '--password', 'short'])
    assert.deepEqual(weak, {
      code: 1,
      stdout: '',
      stderr: 'latchkey: password is too short (minimum is 8 characters)\n',
    })
    const result = await world.run(['users', 'set-password', 'grace@example.com', '--password-stdin'], {
      input: 'Compiler-1952\n',
    })
    assert.deepEqual(result, {
      code: 0,
      stdout: 'password of grace@example.com set; their sessions ended\n',
      stderr: '',
    })
    assert.equal((await ideapoolLogin('grace@example.com')).status, 401)
    assert.equal((await ideapoolLogin('grace@example.com', 'Compiler-1952')).status, 201)
    assert.ok(
      await eventually(
        async () => (await call('GET', '/me', undefined, { 'x-access-token': jwt })).status === 401,
      ),
    )
    const unknown = await world.run(['users', 'set-password', 'nobody@example.com', '--password', PASSWORD])
    assert.deepEqual(unknown, {
      code: 1,
      stdout: '',
      stderr: 'latchkey: no user "nobody@example.com" in coop ampnet\n',
    })
  })

  it('gives single-holder roles: a new ADMIN takes the role over', async () => {
    await create('first@example.com', '--role', 'ADMIN')
    await create('second@example.com')
    const result = await world.run(['users', 'set-role', 'second@example.com', 'ADMIN'])
    assert.deepEqual(result, {
      code: 0,
      stdout: 'second@example.com is now ADMIN in coop ampnet\n',
      stderr: '',
    })
    const roles = Object.fromEntries((await listed()).map((user) => [user.email, user.role]))
    assert.equal(roles['first@example.com'], 'USER')
    assert.equal(roles['second@example.com'], 'ADMIN')
    const login = await ampnetLogin('second@example.com')
    const claims = JSON.parse(Buffer.from(login.body.access_token.split('.')[1], 'base64url').toString())
    assert.ok(JSON.parse(claims.user).authorities.includes('ROLE_ADMIN'))
    const user = await world.run(['users', 'set-role', 'first@example.com', 'USER'])
    assert.deepEqual(user, {
      code: 1,
      stdout: '',
      stderr: 'latchkey: USER is not given directly: a user becomes USER when another takes their role\n',
    })
  })

  it('disables a user: sign-in, tokens, refresh and API keys are refused on every surface', async () => {
    await create('mallory@example.com', '--username', 'mallory')
    const ideapool = (await ideapoolLogin('mallory@example.com')).body
    const authheader = (await authheaderLogin('mallory')).body
    const ampnet = (await ampnetLogin('mallory@example.com')).body
    const key = await call(
      'POST',
      '/authheader/add',
      { name: 'ci' },
      { authorization: `Bearer ${authheader.Token}` },
    )
    assert.equal(key.status, 200)
    assert.equal(
      (await call('GET', '/test/secure', undefined, { 'x-authorization': key.body.token })).status,
      200,
    )

    const result = await world.run(['users', 'disable', 'mallory'])
    assert.deepEqual(result, {
      code: 0,
      stdout: 'disabled mallory@example.com; 3 session(s) ended\n',
      stderr: '',
    })

    const refused = async () =>
      (await call('GET', '/me', undefined, { 'x-access-token': ideapool.jwt })).status === 401 &&
      (await call('GET', `/users/me?token=${ampnet.access_token}`)).status === 401 &&
      (await call('GET', '/test/secure', undefined, { authorization: `Bearer ${authheader.Token}` }))
        .status === 401 &&
      (await call('GET', '/me', undefined, { authorization: `Bearer ${ampnet.access_token}` })).status === 400
    assert.ok(await eventually(refused), 'the ended sessions reach the server')
    assert.equal(
      (await call('GET', '/test/secure', undefined, { 'x-authorization': key.body.token })).status,
      401,
    )
    assert.equal(
      (await call('POST', '/access-tokens/refresh', { refresh_token: ideapool.refresh_token })).status,
      401,
    )
    assert.deepEqual(await ideapoolLogin('mallory@example.com'), {
      status: 401,
      body: { reason: 'Either email or password is incorrect' },
    })
    assert.equal((await authheaderLogin('mallory')).status, 401)
    const ampnetAgain = await ampnetLogin('mallory@example.com')
    assert.equal(ampnetAgain.status, 400)
    assert.equal(ampnetAgain.body.err_code, '0207')
    const mallory = (await listed()).find((user) => user.email === 'mallory@example.com')
    assert.equal(mallory?.state, 'disabled')
  })

  it('serve stops on SIGTERM with exit code 0', async () => {
    server.child.kill('SIGTERM')
    assert.equal(await server.exited, 0)
  })
})
