import assert from 'node:assert/strict'
import { it } from 'node:test'
import { coreSuite } from '../../../test/support/suite.ts'
import { isAppError } from '../errors.ts'
import { ampnetPasswordRule } from '../password/password-rules.ts'

const withCode = (code: string) => (error: unknown) => isAppError(error) && error.code === code

coreSuite('sign-up with mail confirmation', { env: { AMPNET_FIRST_ADMIN: 'false' } }, (world) => {
  const signUp = (email: string) =>
    world.core.identity.signUp.withEmail(
      { client: '192.0.2.1' },
      {
        coopIdentifier: undefined,
        email,
        password: 'abcdefgh',
        givenName: 'A',
        familyName: '',
        passwordRule: ampnetPasswordRule,
        confirmEmail: true,
      },
    )
  const count = async (table: 'users' | 'mail_tokens' | 'mail_outbox') =>
    (await world.database.db.selectFrom(table).select('id').execute()).length

  it('writes the user, its token and its mail together', async () => {
    const user = await signUp('together@example.com')
    assert.equal(user.enabled, false)
    assert.deepEqual(
      [await count('users'), await count('mail_tokens'), await count('mail_outbox')],
      [1, 1, 1],
    )
  })

  it('writes neither user nor mail when the transaction fails after the insert', async () => {
    const users = await count('users')
    await assert.rejects(
      world.core.identity.auth.createAccount(
        {
          tenantId: world.core.tenants.tenants.defaultTenant().id,
          email: 'rollback@example.com',
          displayName: 'R',
          givenName: 'R',
          familyName: '',
          password: 'abcdefgh',
          passwordRule: ampnetPasswordRule,
        },
        async (trx, user) => {
          await world.core.mail.mailOutbox.enqueue(trx, {
            kind: 'user.confirmation',
            to: user.email,
            language: undefined,
            data: { link: 'x' },
          })
          throw new Error('the mail token could not be stored')
        },
      ),
    )
    assert.equal(await count('users'), users)
    assert.equal(await count('mail_outbox'), 1)
  })

  it('sends nothing for a refused duplicate', async () => {
    await assert.rejects(signUp('Together@example.com'), withCode('email_taken'))
    assert.deepEqual([await count('mail_tokens'), await count('mail_outbox')], [1, 1])
  })
})
