import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { latchkeyBin, runBinary, useCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'

const commandNames = [
  'serve',
  'migrate',
  'config check',
  'users create',
  'users list',
  'users set-password',
  'users set-role',
  'users disable',
  'keys list',
  'keys rotate',
  'coops create',
  'coops list',
  'import',
]

describe('latchkey (the binary)', () => {
  const world = useCliWorld('sqlite')

  it('lists every command on --help and exits 0', async () => {
    const result = await world.run(['--help'])
    assert.equal(result.code, 0)
    for (const name of commandNames) assert.match(result.stdout, new RegExp(`^  ${name} `, 'm'))
  })

  it('shows each command its own --help, with usage and an example, exit 0', async () => {
    const results = await Promise.all(commandNames.map((name) => world.run([...name.split(' '), '--help'])))
    for (const [i, name] of commandNames.entries()) {
      const result = results[i] ?? assert.fail(name)
      assert.equal(result.code, 0, name)
      assert.match(result.stdout, new RegExp(`^Usage: latchkey ${name}\\b`, 'm'), name)
      assert.match(result.stdout, /^Example/m, name)
      assert.equal(result.stderr, '', name)
    }
  })

  it('answers a usage error with one line on stderr and exit 2', async () => {
    const cases: [string[], string][] = [
      [['frobnicate'], 'latchkey: unknown command "frobnicate" (see latchkey --help)\n'],
      [['users', 'frob'], 'latchkey: unknown command "users frob" (see latchkey users --help)\n'],
      [
        ['users', 'create', '--password', 'x'],
        'latchkey: --email is required (see latchkey users create --help)\n',
      ],
      [
        ['users', 'disable'],
        'latchkey: latchkey users disable takes 1 argument(s), got 0 (see latchkey users disable --help)\n',
      ],
      [
        ['users', 'set-role', 'a@b.co', 'KING'],
        'latchkey: unknown role "KING": one of ADMIN, USER, TOKEN_ISSUER, PLATFORM_MANAGER\n',
      ],
      [
        ['import', 'users.txt'],
        'latchkey: cannot tell the format of users.txt: name it .csv or .jsonl, or pass --format csv|jsonl\n',
      ],
    ]
    for (const [args, stderr] of cases) {
      const result = await world.run(args)
      assert.equal(result.code, 2, args.join(' '))
      assert.equal(result.stderr, stderr)
      assert.equal(result.stdout, '')
    }
    const unknownOption = await world.run(['users', 'list', '--bogus'])
    assert.equal(unknownOption.code, 2)
    assert.equal(unknownOption.stderr.split('\n').length, 2)
    assert.match(unknownOption.stderr, /^latchkey: Unknown option '--bogus'/)
  })

  it('refuses to run a command on a bad configuration: one line naming every problem, exit 78', async () => {
    const result = await world.run(['users', 'list'], { env: { PORT: 'x', JWT_ALGORITHM: 'HS256' } })
    assert.equal(result.code, 78)
    assert.equal(
      result.stderr,
      'latchkey: invalid configuration: PORT: must be an integer; JWT_ALGORITHM: must be one of ES256, RS256, EdDSA\n',
    )
  })

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    const result = await world.run(['--version'])
    assert.deepEqual(result, { code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('is the package bin', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    assert.equal(new URL(`../../${manifest.bin.latchkey}`, import.meta.url).pathname, latchkeyBin)
  })

  // The machine's own node (20 here) cannot strip types: the shim re-runs itself with Node 24.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (path) =>
      existsSync(path) &&
      Number(execFileSync(path, ['-p', 'process.versions.node']).toString().split('.')[0]) < 24,
  )
  it('runs under an older node on PATH through the project Node 24', {
    skip: systemNode === undefined,
  }, async () => {
    const result = await runBinary(systemNode ?? '', [latchkeyBin, 'migrate'], world.env)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^(applied \d+ migration\(s\):|database is up to date)/)
    const failing = await runBinary(systemNode ?? '', [latchkeyBin, 'nope'], world.env)
    assert.equal(failing.code, 2)
    assert.equal(failing.stderr, 'latchkey: unknown command "nope" (see latchkey --help)\n')
  })
})

describe('latchkey config check', () => {
  const world = useCliWorld('sqlite')

  it('prints the effective configuration with secrets and URL passwords redacted', async () => {
    const result = await world.run(['config', 'check'], {
      env: {
        PORT: '8080',
        SMTP_URL: 'smtp://mailer:hunter2-smtp@mail.example.com:587',
        VERIFF_API_KEY: 'vk',
        VERIFF_SECRET: 'vs',
      },
    })
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split('\n')
    assert.ok(lines.includes('PORT=8080'))
    assert.ok(lines.includes('HOST=0.0.0.0  # default'))
    assert.ok(lines.includes('SECRET_KEY=(redacted)'))
    assert.ok(lines.includes('VERIFF_SECRET=(redacted)'))
    assert.ok(lines.includes('FACEBOOK_APP_SECRET=(unset)  # default'))
    assert.ok(lines.includes('SMTP_URL=smtp://mailer:redacted@mail.example.com:587'))
    for (const secret of [world.env.SECRET_KEY ?? '', 'hunter2-smtp', '=vs']) {
      assert.ok(!result.stdout.includes(secret), secret)
    }
  })

  it('lists every problem at once and exits 78', async () => {
    const result = await world.run(['config', 'check'], {
      env: { PORT: 'eighty', SECRET_KEY: 'short', DATABASE_URL: 'mysql://db', RECAPTCHA_ENABLED: 'true' },
    })
    assert.equal(result.code, 78)
    assert.equal(result.stdout, '')
    assert.equal(
      result.stderr,
      [
        'invalid configuration (4 problem(s)):',
        '  PORT: must be an integer',
        '  SECRET_KEY: must be at least 32 characters',
        '  RECAPTCHA_SECRET: required when RECAPTCHA_ENABLED is on',
        '  DATABASE_URL: must start with postgres:// (leave unset for SQLite)',
        '',
      ].join('\n'),
    )
  })
})

forEachDatabase('latchkey migrate', (dialect) => {
  const world = useCliWorld(dialect)

  it('applies every migration once, then finds the database up to date', async () => {
    const first = await world.run(['migrate'])
    assert.equal(first.code, 0, first.stderr)
    const { migrations } = await import('../db/migrate.ts')
    assert.equal(
      first.stdout,
      `applied ${migrations.length} migration(s):\n${migrations.map(({ name }) => `  ${name}\n`).join('')}`,
    )
    const second = await world.run(['migrate'])
    assert.deepEqual(second, { code: 0, stdout: 'database is up to date\n', stderr: '' })
    const app = await world.startApp()
    assert.equal((await app.server.inject({ method: 'GET', url: '/ready' })).statusCode, 200)
  })
})
