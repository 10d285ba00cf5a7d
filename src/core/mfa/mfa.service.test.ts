import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { codeNow, enrolTotp, totpCode } from '../../../test/support/mfa.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { AppError } from '../errors.ts'
import { RECOVERY_CODE_COUNT } from './recovery-codes.ts'

// The address the limits count these calls under (a documentation address).
const client = '192.0.2.1'

const refusedCode = (error: unknown) => error instanceof AppError && error.code === 'invalid_mfa_code'

coreSuite('MFA service', (world) => {
  const eventsOf = async (userId: string, type: string) => {
    const { events } = await world.core.ops.audit.page(
      world.core.tenants.tenants.defaultTenant().id,
      { page: 0, size: 100 },
      { userId, type },
    )
    return events
  }

  describe('enrolment', () => {
    it('starts with a secret that is not active until a code confirms it', async () => {
      const user = await createAccount(world, { email: 'pending@example.com' })
      const { secret, uri } = await world.core.identity.mfa.startTotp(user)
      assert.match(uri, /^otpauth:\/\/totp\/Latchkey:pending%40example\.com\?issuer=Latchkey&secret=/)
      assert.ok(uri.includes(`secret=${secret}`))
      assert.equal(await world.core.identity.mfa.isEnabled(user.id), false)
      assert.equal(await world.core.identity.mfa.secondStepFor(user), 'none')
      await assert.rejects(world.core.identity.mfa.confirmTotp(client, user, '000000', 'test'), refusedCode)
      const codes = await world.core.identity.mfa.confirmTotp(client, user, codeNow(world, secret), 'test')
      assert.equal(codes.length, RECOVERY_CODE_COUNT)
      assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT)
      for (const code of codes) assert.match(code, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/)
      assert.deepEqual(await world.core.identity.mfa.status(user.id), {
        enabled: true,
        recoveryCodesLeft: 10,
      })
      assert.equal(await world.core.identity.mfa.secondStepFor(user), 'verify')
      assert.equal((await eventsOf(user.id, 'mfa.enrolled')).length, 1)
      assert.equal((await eventsOf(user.id, 'mfa.failed')).length, 1)
    })

    it('stores the secret sealed and the recovery codes hashed, never as they were shown', async () => {
      const user = await createAccount(world, { email: 'at-rest@example.com' })
      const { secret, recoveryCodes } = await enrolTotp(world, user)
      const rows = await world.database.db
        .selectFrom('mfa_factors')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute()
      assert.equal(rows.length, 11)
      const stored = JSON.stringify(rows)
      assert.ok(!stored.includes(secret))
      for (const code of recoveryCodes) {
        assert.ok(!stored.includes(code))
        assert.ok(!stored.includes(code.replace('-', '')))
      }
      assert.ok(rows.every((row) => row.secret_sealed === null || row.secret_sealed.startsWith('v1.')))
    })

    it('refuses a second enrolment while one is active, and any enrolment when the coop has MFA off', async () => {
      const user = await createAccount(world, { email: 'twice@example.com' })
      await enrolTotp(world, user)
      await assert.rejects(world.core.identity.mfa.startTotp(user), { code: 'validation_failed' })
      const tenantId = world.core.tenants.tenants.defaultTenant().id
      await world.core.identity.mfa.setPolicy(tenantId, { policy: 'off' })
      try {
        const other = await createAccount(world, { email: 'off@example.com' })
        await assert.rejects(world.core.identity.mfa.startTotp(other), { code: 'forbidden' })
        assert.equal(await world.core.identity.mfa.secondStepFor(user), 'none')
        assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), false)
      } finally {
        await world.core.identity.mfa.setPolicy(tenantId, { policy: 'optional' })
      }
    })
  })

  describe('second step', () => {
    it('accepts a code once: the same code is refused again within its window', async () => {
      const user = await createAccount(world, { email: 'replay@example.com' })
      const { secret } = await enrolTotp(world, user)
      const code = codeNow(world, secret)
      assert.equal(await world.core.identity.mfa.verify(client, user, code, 'test'), 'totp')
      await assert.rejects(world.core.identity.mfa.verify(client, user, code, 'test'), refusedCode)
      // Still within the ±1 step window, still refused; an earlier step's code too.
      world.clock.advance(20)
      await assert.rejects(world.core.identity.mfa.verify(client, user, code, 'test'), refusedCode)
      await assert.rejects(
        world.core.identity.mfa.verify(
          client,
          user,
          totpCode(secret, new Date(world.clock.now().getTime() - 30_000)),
          'test',
        ),
        refusedCode,
      )
      world.clock.advance(30)
      assert.equal(await world.core.identity.mfa.verify(client, user, codeNow(world, secret), 'test'), 'totp')
    })

    it('refuses a code from two steps ago', async () => {
      const user = await createAccount(world, { email: 'stale@example.com' })
      const { secret } = await enrolTotp(world, user)
      const code = codeNow(world, secret)
      world.clock.advance(60)
      await assert.rejects(world.core.identity.mfa.verify(client, user, code, 'test'), refusedCode)
    })

    it('takes each recovery code once, in any case and without its dash', async () => {
      const user = await createAccount(world, { email: 'recovery@example.com' })
      const { recoveryCodes } = await enrolTotp(world, user)
      const [first = '', second = ''] = recoveryCodes
      assert.equal(await world.core.identity.mfa.verify(client, user, first, 'test'), 'recovery_code')
      await assert.rejects(world.core.identity.mfa.verify(client, user, first, 'test'), refusedCode)
      assert.equal(
        await world.core.identity.mfa.verify(client, user, second.toLowerCase().replace('-', ''), 'test'),
        'recovery_code',
      )
      assert.equal((await world.core.identity.mfa.status(user.id)).recoveryCodesLeft, 8)
      const used = await eventsOf(user.id, 'mfa.recovery_code_used')
      assert.deepEqual(
        used.map((event) => event.details.left),
        [8, 9],
      )
    })

    it('does not take another user’s recovery code', async () => {
      const owner = await createAccount(world, { email: 'owner@example.com' })
      const other = await createAccount(world, { email: 'other@example.com' })
      const { recoveryCodes } = await enrolTotp(world, owner)
      await enrolTotp(world, other)
      await assert.rejects(
        world.core.identity.mfa.verify(client, other, recoveryCodes[0] ?? '', 'test'),
        refusedCode,
      )
    })

    it('regenerates recovery codes after a TOTP code; the old ones stop working', async () => {
      const user = await createAccount(world, { email: 'regen@example.com' })
      const { secret, recoveryCodes } = await enrolTotp(world, user)
      await assert.rejects(
        world.core.identity.mfa.regenerateRecoveryCodes(client, user, recoveryCodes[0] ?? '', 'test'),
        refusedCode,
      )
      const fresh = await world.core.identity.mfa.regenerateRecoveryCodes(
        client,
        user,
        codeNow(world, secret),
        'test',
      )
      assert.equal(fresh.length, 10)
      await assert.rejects(
        world.core.identity.mfa.verify(client, user, recoveryCodes[1] ?? '', 'test'),
        refusedCode,
      )
      assert.equal(
        await world.core.identity.mfa.verify(client, user, fresh[0] ?? '', 'test'),
        'recovery_code',
      )
    })
  })

  describe('disable and reset', () => {
    it('disables only with a valid code, removing every factor', async () => {
      const user = await createAccount(world, { email: 'disable@example.com' })
      const { secret } = await enrolTotp(world, user)
      await assert.rejects(world.core.identity.mfa.disable(client, user, '123456', 'test'), refusedCode)
      assert.equal(await world.core.identity.mfa.isEnabled(user.id), true)
      await world.core.identity.mfa.disable(client, user, codeNow(world, secret), 'test')
      assert.deepEqual(await world.core.identity.mfa.status(user.id), {
        enabled: false,
        recoveryCodesLeft: 0,
      })
      assert.deepEqual(
        (await eventsOf(user.id, 'mfa.disabled')).map((event) => event.details),
        [{ by: 'user' }],
      )
    })

    it('lets an operator reset a user who lost their factors, and says when there was nothing', async () => {
      const user = await createAccount(world, { email: 'reset@example.com' })
      await enrolTotp(world, user)
      assert.equal(await world.core.identity.mfa.reset(user), true)
      assert.equal(await world.core.identity.mfa.isEnabled(user.id), false)
      assert.equal(await world.core.identity.mfa.reset(user), false)
    })
  })

  describe('policy', () => {
    it('defaults to optional with password-only legacy sign-in refused', async () => {
      const tenantId = world.core.tenants.tenants.defaultTenant().id
      assert.deepEqual(await world.core.identity.mfa.policyOf(tenantId), {
        policy: 'optional',
        legacyPasswordAllowed: false,
      })
    })

    it('asks ADMINs to enrol under required_for_admins, and everyone under required', async () => {
      const tenantId = world.core.tenants.tenants.defaultTenant().id
      const plain = await createAccount(world, { email: 'plain@example.com' })
      const admin = {
        ...(await createAccount(world, { email: 'admin@example.com' })),
        role: 'ADMIN' as const,
      }
      try {
        await world.core.identity.mfa.setPolicy(tenantId, { policy: 'required_for_admins' })
        assert.equal(await world.core.identity.mfa.secondStepFor(plain), 'none')
        assert.equal(await world.core.identity.mfa.secondStepFor(admin), 'enrol')
        await world.core.identity.mfa.setPolicy(tenantId, { policy: 'required' })
        assert.equal(await world.core.identity.mfa.secondStepFor(plain), 'enrol')
      } finally {
        await world.core.identity.mfa.setPolicy(tenantId, { policy: 'optional' })
      }
    })

    it('refuses password-only legacy sign-in for enrolled users unless the coop allows it', async () => {
      const tenantId = world.core.tenants.tenants.defaultTenant().id
      const user = await createAccount(world, { email: 'legacy@example.com' })
      assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), false)
      await enrolTotp(world, user)
      assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), true)
      try {
        const policy = await world.core.identity.mfa.setPolicy(tenantId, { legacyPasswordAllowed: true })
        assert.deepEqual(policy, { policy: 'optional', legacyPasswordAllowed: true })
        assert.equal(await world.core.identity.mfa.refusesPasswordAlone(user), false)
      } finally {
        await world.core.identity.mfa.setPolicy(tenantId, { legacyPasswordAllowed: false })
      }
    })
  })
})
