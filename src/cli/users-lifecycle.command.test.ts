import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import { hashSync } from '@node-rs/bcrypt'
import { type CliWorld, createCliWorld } from '../../test/support/cli.ts'
import { forEachDatabase } from '../../test/support/databases.ts'
import { rowsHolding } from '../../test/support/user-traces.ts'
import type { App } from '../app.ts'

const PASSWORD = 'Analytical-1843'
const BCRYPT_PASSWORD = 'Imported-pass1'

forEachDatabase('latchkey users enable, delete and export', (dialect) => {
  let world: CliWorld
  let app: App
  let files: string
  before(async () => {
    world = await createCliWorld(dialect)
    app = await world.startApp()
    files = mkdtempSync(join(tmpdir(), 'latchkey-export-'))
  })
  after(async () => {
    await world.close()
    rmSync(files, { recursive: true, force: true })
  })

  async function ok(target: CliWorld, args: string[]): Promise<string> {
    const result = await target.run(args)
    assert.equal(result.code, 0, result.stderr)
    return result.stdout
  }
  const create = async (email: string, ...extra: string[]) =>
    (await ok(world, ['users', 'create', '--email', email, '--password', PASSWORD, ...extra])).trim()
  async function call(target: App, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) {
    const response = await target.server.inject({ method, url, headers, ...(payload && { payload }) })
    return { status: response.statusCode, body: response.body === '' ? undefined : response.json() }
  }
  const ideapoolLogin = (target: App, email: string, password = PASSWORD) =>
    call(target, 'POST', '/access-tokens', { email, password })
  const ampnetLogin = (target: App, coop: string, email: string, password: string) =>
    call(target, 'POST', '/token', { coop, login_method: 'EMAIL', credentials: { email, password } })
  const auditTypes = async (tenantId: string) =>
    (await app.core.ops.audit.page(tenantId, { page: 0, size: 100 })).events.map((event) => event.type)

  it('enables a disabled user again, audited; says so when there was nothing to enable', async () => {
    const id = await create('erin@example.com')
    assert.equal(
      await ok(world, ['users', 'disable', 'erin@example.com']),
      'disabled erin@example.com; 0 session(s) ended\n',
    )
    assert.equal((await ideapoolLogin(app, 'erin@example.com')).status, 401)

    assert.deepEqual(await world.run(['users', 'enable', 'erin@example.com']), {
      code: 0,
      stdout: 'enabled erin@example.com\n',
      stderr: '',
    })
    assert.equal((await ideapoolLogin(app, 'erin@example.com')).status, 201)
    assert.equal(await ok(world, ['users', 'enable', id]), 'erin@example.com was not disabled\n')
    const tenantId = app.core.tenants.tenants.defaultTenant().id
    const types = await auditTypes(tenantId)
    assert.deepEqual(
      types.filter((type) => type.startsWith('user.')),
      ['user.enabled', 'user.disabled'],
    )
    assert.deepEqual(await world.run(['users', 'enable', 'nobody@example.com']), {
      code: 1,
      stdout: '',
      stderr: 'latchkey: no user "nobody@example.com" in coop ampnet\n',
    })
  })

  it('deletes a user only with --yes: their token is refused at once and no row holds them', async () => {
    const id = await create('dave@example.com', '--username', 'dave')
    const session = (await ideapoolLogin(app, 'dave@example.com')).body
    assert.equal((await call(app, 'GET', '/me', undefined, { 'x-access-token': session.jwt })).status, 200)

    assert.deepEqual(await world.run(['users', 'delete', 'dave']), {
      code: 2,
      stdout: '',
      stderr: 'latchkey: users delete erases the user for good: add --yes to confirm\n',
    })
    assert.equal((await ideapoolLogin(app, 'dave@example.com')).status, 201)

    const pseudonym = app.core.identity.userErasure.pseudonymOf(id)
    const result = await world.run(['users', 'delete', 'dave', '--yes'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(
      result.stdout,
      new RegExp(
        `^deleted dave@example\\.com from coop ampnet with 2 sessions; \\d+ audit event\\(s\\) now name ${pseudonym}\\n$`,
      ),
    )
    // At once: this server never heard of the CLI's process, but the user is gone from the database.
    assert.equal((await call(app, 'GET', '/me', undefined, { 'x-access-token': session.jwt })).status, 401)
    assert.equal((await ideapoolLogin(app, 'dave@example.com')).status, 401)
    assert.deepEqual(await rowsHolding(app.database.db, [id, 'dave@example.com']), [])
    assert.ok((await auditTypes(app.core.tenants.tenants.defaultTenant().id)).includes('user.deleted'))
    assert.equal((await world.run(['users', 'delete', id, '--yes'])).code, 1)
  })

  it('exports users with their hashes (0600, never over a file) and a fresh installation imports them: same hashes, same passwords', async () => {
    await ok(world, ['coops', 'create', 'second-coop', '--name', 'Second'])
    await create('argon@example.com', '--name', 'Ada Lovelace', '--username', 'argon', '--role', 'ADMIN')
    await create('manager@example.com', '--coop', 'second-coop', '--role', 'PLATFORM_MANAGER')
    const imported = join(files, 'bcrypt.jsonl')
    const bcryptHash = hashSync(BCRYPT_PASSWORD, 4)
    writeFileSync(
      imported,
      `${JSON.stringify({ email: 'legacy@example.com', name: 'Old Timer', password_hash: bcryptHash })}\n`,
    )
    await ok(world, ['import', imported])
    await create('gone@example.com')
    await ok(world, ['users', 'disable', 'gone@example.com'])

    const exported = join(files, 'users.jsonl')
    const summary = await ok(world, ['users', 'export', exported, '--all-coops'])
    // erin (enabled again), argon, manager and legacy; not the disabled one.
    assert.equal(
      summary,
      `exported 4 user(s) of every coop to ${exported}; left out 0 without a password (social sign-in) and 1 disabled\n`,
    )
    assert.equal(statSync(exported).mode & 0o777, 0o600)
    const lines = readFileSync(exported, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    const legacy = lines.find((line) => line.email === 'legacy@example.com')
    assert.deepEqual(legacy, {
      email: 'legacy@example.com',
      name: 'Old Timer',
      first_name: 'Old',
      last_name: 'Timer',
      username: null,
      role: 'USER',
      coop: 'ampnet',
      password_hash: bcryptHash,
    })
    assert.deepEqual(
      lines.map((line) => Object.keys(line).join()),
      lines.map(() => 'email,name,first_name,last_name,username,role,coop,password_hash'),
    )
    assert.ok(lines.every((line) => /^\$(argon2id|2b)\$/.test(line.password_hash)))
    assert.deepEqual(await world.run(['users', 'export', exported]), {
      code: 1,
      stdout: '',
      stderr: `latchkey: cannot create ${exported}: the file exists\n`,
    })
    const defaultOnly = await ok(world, ['users', 'export', join(files, 'ampnet.jsonl')])
    assert.match(defaultOnly, /^exported 3 user\(s\) of coop ampnet to /)
    assert.ok((await auditTypes(app.core.tenants.tenants.defaultTenant().id)).includes('users.exported'))

    const fresh = await createCliWorld(dialect)
    try {
      await ok(fresh, ['coops', 'create', 'second-coop', '--name', 'Second'])
      assert.equal(
        await ok(fresh, ['import', exported]),
        'imported 4, skipped 0 (already there), rejected 0\n',
      )
      const again = join(files, 'again.jsonl')
      await ok(fresh, ['users', 'export', again, '--all-coops'])
      const sorted = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n').sort()
      assert.deepEqual(sorted(again), sorted(exported))

      const other = await fresh.startApp()
      assert.equal((await ideapoolLogin(other, 'argon@example.com')).status, 201)
      assert.equal((await ideapoolLogin(other, 'legacy@example.com', BCRYPT_PASSWORD)).status, 201)
      assert.equal((await ampnetLogin(other, 'second-coop', 'manager@example.com', PASSWORD)).status, 200)
      assert.equal((await ideapoolLogin(other, 'gone@example.com')).status, 401)
      assert.equal((await ideapoolLogin(other, 'argon@example.com', 'Wrong-pass1')).status, 401)
    } finally {
      await fresh.close()
    }
  })
})
