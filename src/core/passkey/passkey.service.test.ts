import assert from 'node:assert/strict'
import { it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { createSoftAuthenticator, type SoftAuthenticator } from '../../../test/support/soft-authenticator.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { type AppError, isAppError } from '../errors.ts'
import type { User } from '../user/user.ts'

// The test config's PUBLIC_URL is http://latchkey.test: the relying party is latchkey.test.
const ORIGIN = 'http://latchkey.test'

function refusedAs(code: string) {
  return (error: unknown) => isAppError(error) && (error as AppError).code === code
}

coreSuite('passkey service', (world) => {
  let count = 0

  async function userWithPasskey(): Promise<{ user: User; authenticator: SoftAuthenticator }> {
    const user = await createAccount(world, { email: `passkey${++count}@example.com` })
    const authenticator = createSoftAuthenticator(ORIGIN)
    const options = await world.core.identity.passkeys.registrationOptions(user)
    await world.core.identity.passkeys.register(
      user,
      { response: authenticator.create(options), name: 'Laptop' },
      'pages',
    )
    return { user, authenticator }
  }

  async function failureReasons(userId: string): Promise<unknown[]> {
    const { events } = await world.core.ops.audit.page(
      world.core.tenants.tenants.defaultTenant().id,
      { page: 0, size: 50 },
      { type: 'passkey.failed', userId },
    )
    return events.map((event) => event.details.reason)
  }

  const tenantId = () => world.core.tenants.tenants.defaultTenant().id

  it('registers a discoverable passkey and signs in with it, without a password', async () => {
    const user = await createAccount(world, { email: 'fresh-passkey@example.com', name: 'Ana Kovač' })
    const authenticator = createSoftAuthenticator(ORIGIN)
    const options = await world.core.identity.passkeys.registrationOptions(user)
    assert.equal(options.rp.id, 'latchkey.test')
    assert.equal(options.user.name, 'fresh-passkey@example.com')
    assert.equal(options.user.displayName, 'Ana Kovač')
    assert.equal(options.authenticatorSelection?.residentKey, 'required')
    assert.equal(options.attestation, 'none')
    const passkey = await world.core.identity.passkeys.register(
      user,
      { response: authenticator.create(options), name: '  Phone  ' },
      'pages',
    )
    assert.equal(passkey.name, 'Phone')
    assert.deepEqual(passkey.transports, ['internal'])
    assert.equal(passkey.credentialId, authenticator.passkeys()[0]?.credentialId)

    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    assert.deepEqual(request.allowCredentials, [], 'discoverable: the browser offers the passkeys it holds')
    assert.equal(request.userVerification, 'required')
    const signedIn = await world.core.identity.passkeys.authenticate(
      { tenantId: tenantId(), response: authenticator.get(request) },
      'oidc',
    )
    assert.equal(signedIn.id, user.id)
    const [listed] = await world.core.identity.passkeys.list(user.id)
    assert.equal(listed?.counter, 1)
    assert.ok(listed?.lastUsedAt instanceof Date)

    const { events } = await world.core.ops.audit.page(tenantId(), { page: 0, size: 50 }, { userId: user.id })
    const types = events.map((event) => event.type)
    assert.ok(types.includes('passkey.registered'))
    const signIn = events.find((event) => event.type === 'sign_in.succeeded')
    assert.equal(signIn?.details.method, 'passkey')
    assert.equal(signIn?.details.surface, 'oidc')
  })

  it('offers only the user’s passkeys as a second factor, and excludes them from a new registration', async () => {
    const { user, authenticator } = await userWithPasskey()
    const credentialId = authenticator.passkeys()[0]?.credentialId
    const request = await world.core.identity.passkeys.authenticationOptions({
      tenantId: tenantId(),
      userId: user.id,
    })
    assert.deepEqual(
      request.allowCredentials?.map((each) => each.id),
      [credentialId],
    )
    const answered = await world.core.identity.passkeys.authenticate(
      { tenantId: tenantId(), userId: user.id, response: authenticator.get(request) },
      'oidc',
    )
    assert.equal(answered.id, user.id)
    const options = await world.core.identity.passkeys.registrationOptions(user)
    assert.deepEqual(
      options.excludeCredentials?.map((each) => each.id),
      [credentialId],
    )
    assert.equal(await world.core.identity.passkeys.hasAny(user.id), true)
  })

  it('refuses an assertion that answers another challenge than the one issued', async () => {
    const { user, authenticator } = await userWithPasskey()
    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    const response = authenticator.get(request, { challenge: Buffer.alloc(32, 7).toString('base64url') })
    await assert.rejects(
      world.core.identity.passkeys.authenticate({ tenantId: tenantId(), response }, 'oidc'),
      refusedAs('invalid_credentials'),
    )
    assert.deepEqual(await failureReasons(user.id), ['unknown_challenge'])
  })

  it('refuses an assertion signed for another origin or another relying party', async () => {
    const { user, authenticator } = await userWithPasskey()
    for (const overrides of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
      await assert.rejects(
        world.core.identity.passkeys.authenticate(
          { tenantId: tenantId(), response: authenticator.get(request, overrides) },
          'oidc',
        ),
        refusedAs('invalid_credentials'),
      )
    }
    assert.deepEqual(await failureReasons(user.id), ['verification_failed', 'verification_failed'])
  })

  it('refuses a registration made for another origin, and stores nothing', async () => {
    const user = await createAccount(world, { email: 'wrong-origin@example.com' })
    const authenticator = createSoftAuthenticator(ORIGIN)
    const options = await world.core.identity.passkeys.registrationOptions(user)
    await assert.rejects(
      world.core.identity.passkeys.register(
        user,
        {
          response: authenticator.create(options, { origin: 'http://latchkey.test.evil.example' }),
          name: '',
        },
        'pages',
      ),
      refusedAs('validation_failed'),
    )
    assert.deepEqual(await world.core.identity.passkeys.list(user.id), [])
    assert.deepEqual(await failureReasons(user.id), ['verification_failed'])
  })

  it('refuses a signature counter that did not move forward (a cloned authenticator)', async () => {
    const { user, authenticator } = await userWithPasskey()
    const first = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await world.core.identity.passkeys.authenticate(
      { tenantId: tenantId(), response: authenticator.get(first, { counter: 5 }) },
      'oidc',
    )
    const second = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: authenticator.get(second, { counter: 5 }) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    const third = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: authenticator.get(third, { counter: 3 }) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    assert.deepEqual(await failureReasons(user.id), ['counter_regression', 'counter_regression'])
    assert.equal((await world.core.identity.passkeys.list(user.id))[0]?.counter, 5)
  })

  it('refuses a challenge answered a second time, even with a fresh signature', async () => {
    const { user, authenticator } = await userWithPasskey()
    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await world.core.identity.passkeys.authenticate(
      { tenantId: tenantId(), response: authenticator.get(request) },
      'oidc',
    )
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: authenticator.get(request) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    assert.deepEqual(await failureReasons(user.id), ['unknown_challenge'])
  })

  it('refuses a challenge answered after WEBAUTHN_CHALLENGE_SECONDS', async () => {
    const { user, authenticator } = await userWithPasskey()
    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    world.clock.advance(world.config.webauthn.challengeSeconds + 1)
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: authenticator.get(request) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    assert.deepEqual(await failureReasons(user.id), ['expired_challenge'])
  })

  it('refuses a passkey the server does not know, and a registration challenge used to sign in', async () => {
    const { user } = await userWithPasskey()
    const stranger = createSoftAuthenticator(ORIGIN)
    stranger.create({ challenge: 'x', rp: {}, user: { id: Buffer.from(user.id).toString('base64url') } })
    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: stranger.get(request) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    const registration = await world.core.identity.passkeys.registrationOptions(user)
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: stranger.get(registration) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    const { events } = await world.core.ops.audit.page(
      tenantId(),
      { page: 0, size: 50 },
      { type: 'passkey.failed' },
    )
    assert.deepEqual(
      events.slice(0, 2).map((event) => event.details.reason),
      ['wrong_ceremony', 'unknown_credential'],
    )
  })

  it('refuses a malformed response as a refused credential, never a crash', async () => {
    for (const response of [
      '',
      'null',
      '{"type":"public-key"}',
      '{"id":"a","rawId":"a","type":"public-key","response":{"clientDataJSON":"!!"}}',
    ]) {
      await assert.rejects(
        world.core.identity.passkeys.authenticate({ tenantId: tenantId(), response }, 'oidc'),
        refusedAs('invalid_credentials'),
      )
    }
  })

  it('removes a passkey of the user only, and it no longer signs in', async () => {
    const { user, authenticator } = await userWithPasskey()
    const other = await createAccount(world, { email: 'not-the-owner@example.com' })
    const [passkey] = await world.core.identity.passkeys.list(user.id)
    assert.ok(passkey)
    assert.equal(await world.core.identity.passkeys.remove(other, passkey.id), false)
    assert.equal(await world.core.identity.passkeys.remove(user, passkey.id), true)
    assert.equal(await world.core.identity.passkeys.hasAny(user.id), false)
    const request = await world.core.identity.passkeys.authenticationOptions({ tenantId: tenantId() })
    await assert.rejects(
      world.core.identity.passkeys.authenticate(
        { tenantId: tenantId(), response: authenticator.get(request) },
        'oidc',
      ),
      refusedAs('invalid_credentials'),
    )
    const { events } = await world.core.ops.audit.page(
      tenantId(),
      { page: 0, size: 50 },
      { type: 'passkey.removed' },
    )
    assert.equal(events[0]?.details.passkey_id, passkey.id)
  })
})
