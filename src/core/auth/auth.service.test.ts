import assert from 'node:assert/strict'
import { it } from 'node:test'
import { coreSuite } from '../../../test/support/suite.ts'
import { createTestCore } from '../../../test/support/test-core.ts'
import { isAppError } from '../errors.ts'
import { createPasswordHasher, type PasswordHasher } from '../password/password-hasher.ts'
import { findUserWithPasswordByEmail } from '../user/user.repository.ts'
import { createAuthService } from './auth.service.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

const policy = { surface: 'test', accessTtlSeconds: 60, refreshTtlSeconds: undefined }
const anyPassword = { check: () => undefined }

/** Counts what the auth service asks of the hasher, to show that unknown accounts cost a verify too. */
function counting(inner: PasswordHasher) {
  const calls = { verify: 0, dummy: 0, hash: 0 }
  const hasher: PasswordHasher = {
    ...inner,
    hash(password) {
      calls.hash++
      return inner.hash(password)
    },
    verify(hash, password) {
      calls.verify++
      return inner.verify(hash, password)
    },
    verifyDummy(password) {
      calls.dummy++
      return inner.verifyDummy(password)
    },
  }
  return { hasher, calls }
}

coreSuite('auth service', (world, dialect) => {
  function authDeps(passwords: PasswordHasher) {
    return {
      db: world.database.db,
      clock: world.core.clock,
      passwords,
      sessions: world.core.sessions.sessions,
      tokens: world.core.sessions.tokens,
      tenants: world.core.tenants.tenants,
      audit: world.core.ops.audit,
      abuse: world.core.ops.abuse,
      firstAccountIsAdmin: () => false,
    }
  }
  const authWith = (passwords: PasswordHasher) => createAuthService(authDeps(passwords))

  it('re-hashes a password on sign-in when the Argon2 parameters changed', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const old = createPasswordHasher({ memoryKib: 1024, iterations: 1, parallelism: 1 })
    await authWith(old).register(
      {
        tenantId,
        email: 'rehash@example.com',
        displayName: 'R',
        givenName: 'R',
        familyName: '',
        password: 'Password1',
        passwordRule: anyPassword,
      },
      policy,
    )
    const stronger = createPasswordHasher({ memoryKib: 2048, iterations: 2, parallelism: 1 })
    await authWith(stronger).signIn(
      client,
      { tenantId, email: 'rehash@example.com', password: 'Password1' },
      policy,
    )
    const stored = await findUserWithPasswordByEmail(world.database.db, tenantId, 'rehash@example.com')
    assert.match(stored?.passwordHash ?? '', /^\$argon2id\$v=19\$m=2048,t=2,p=1\$/)
    assert.equal(stronger.needsRehash(stored?.passwordHash ?? ''), false)
    await authWith(stronger).signIn(
      client,
      { tenantId, email: 'rehash@example.com', password: 'Password1' },
      policy,
    )
  })

  it('opens no session when its sign-in cannot be audited: the session and its record commit together', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const hasher = createPasswordHasher({ memoryKib: 1024, iterations: 1, parallelism: 1 })
    const input = { tenantId, email: 'unaudited@example.com', password: 'Password1' }
    const { user } = await authWith(hasher).register(
      { ...input, displayName: 'U', givenName: 'U', familyName: '', passwordRule: anyPassword },
      policy,
    )
    const sessionsOf = async () =>
      (await world.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute())
        .length
    assert.equal(await sessionsOf(), 1) // the sign-up's
    const auditFails = createAuthService({
      ...authDeps(hasher),
      audit: {
        record: async (event, executor) => {
          if (event.type === 'sign_in.succeeded') throw new Error('the audit store refused the event')
          await world.core.ops.audit.record(event, executor)
        },
      },
    })
    await assert.rejects(auditFails.signIn(client, input, policy), /the audit store refused the event/)
    assert.equal(await sessionsOf(), 1)
    await authWith(hasher).signIn(client, input, policy)
    assert.equal(await sessionsOf(), 2)
  })

  it('spends one Argon2 verification on an unknown account and says the same as for a wrong password', async () => {
    const tenantId = world.core.tenants.tenants.defaultTenant().id
    const { hasher, calls } = counting(world.core.identity.passwords)
    const auth = authWith(hasher)
    await auth.register(
      {
        tenantId,
        email: 'known@example.com',
        displayName: 'K',
        givenName: 'K',
        familyName: '',
        password: 'Password1',
        passwordRule: anyPassword,
      },
      policy,
    )
    const failures: string[] = []
    for (const email of ['known@example.com', 'unknown@example.com']) {
      await assert.rejects(
        auth.signIn(client, { tenantId, email, password: 'Wrong1234' }, policy),
        (error) => {
          failures.push(isAppError(error) ? `${error.code}:${JSON.stringify(error.details)}` : 'other')
          return true
        },
      )
    }
    assert.deepEqual(failures, ['invalid_credentials:{}', 'invalid_credentials:{}'])
    assert.deepEqual({ verify: calls.verify, dummy: calls.dummy }, { verify: 1, dummy: 1 })
  })

  it('makes the first account of a coop its ADMIN, and only the first; never in the default coop', async () => {
    const fresh = await createTestCore({ dialect })
    try {
      const { tenant } = await fresh.core.tenants.coops.create(
        { identifier: 'first-admin', name: 'F' },
        {},
        true,
      )
      const tenantId = tenant.id
      const input = (email: string, inTenant = tenantId) => ({
        tenantId: inTenant,
        email,
        displayName: 'F',
        givenName: 'F',
        familyName: '',
        password: 'Password1',
        passwordRule: anyPassword,
      })
      const first = await fresh.core.identity.auth.createAccount(input('first@example.com'))
      const second = await fresh.core.identity.auth.createAccount(input('second@example.com'))
      assert.deepEqual([first.role, second.role], ['ADMIN', 'USER'])
      assert.equal((await fresh.core.identity.users.get(first.id)).role, 'ADMIN')
      // The default coop's ADMIN comes from the operator only (#13, item 9).
      const defaultFirst = await fresh.core.identity.auth.createAccount(
        input('default@example.com', fresh.core.tenants.tenants.defaultTenant().id),
      )
      assert.equal(defaultFirst.role, 'USER')
    } finally {
      await fresh.close()
    }
    const off = await createTestCore({ dialect, env: { AMPNET_FIRST_ADMIN: 'false' } })
    try {
      const tenantId = off.core.tenants.tenants.defaultTenant().id
      const only = await off.core.identity.auth.createAccount({
        tenantId,
        email: 'only@example.com',
        displayName: 'O',
        givenName: 'O',
        familyName: '',
        password: 'Password1',
        passwordRule: anyPassword,
      })
      assert.equal(only.role, 'USER')
    } finally {
      await off.close()
    }
  })
})
