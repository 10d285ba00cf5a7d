import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sql } from 'kysely'
import { createAccount, issueApiKey } from '../../../test/support/accounts.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import type { TestCore } from '../../../test/support/test-core.ts'
import { isAppError } from '../errors.ts'
import { createApiKeyDigest } from './api-key-digest.ts'

/** Every text value in every table of the test database (PostgreSQL: of this suite's schema). */
async function allStoredText(world: TestCore): Promise<string[]> {
  const db = world.database.db
  let tables = await db.introspection.getTables()
  if (world.database.dialect === 'postgres') {
    const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
    tables = tables.filter((table) => table.schema === current.rows[0]?.schema)
  }
  assert.ok(tables.some((table) => table.name === 'api_keys'))
  const values: string[] = []
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db)
    for (const row of rows.rows) {
      for (const value of Object.values(row)) {
        if (typeof value === 'string') values.push(value)
        else if (value instanceof Uint8Array) values.push(Buffer.from(value).toString('latin1'))
      }
    }
  }
  return values
}

coreSuite('API key service', (world) => {
  it("stores a key's plain value nowhere in the database, yet lists it and authenticates with it", async () => {
    const user = await createAccount(world, { email: 'stored@example.com' })
    const key = await issueApiKey(world, user)
    const secret = key.token.slice('lk_'.length)
    const stored = await allStoredText(world)
    assert.ok(stored.length > 20, 'the scan read the rows')
    assert.ok(stored.includes('stored@example.com'), 'the scan sees what is stored in plain text')
    for (const value of stored) {
      assert.ok(!value.includes(secret), 'the key appears in the database')
      assert.ok(!value.includes(Buffer.from(secret, 'base64url').toString('hex')))
    }
    assert.deepEqual(
      (await world.core.identity.apiKeys.list(user.id)).map((listed) => listed.token),
      [key.token],
    )
    assert.deepEqual(await world.core.identity.apiKeys.authenticate(key.token), {
      keyId: key.id,
      userId: user.id,
      tenantId: user.tenantId,
      user: await world.core.identity.users.find(user.id),
    })
  })

  it('finds a key by its HMAC, which depends on the master key', async () => {
    const user = await createAccount(world, { email: 'hmac@example.com' })
    const key = await issueApiKey(world, user)
    const rows = await world.database.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).execute()
    assert.equal(rows.length, 1)
    const digest = createApiKeyDigest('test-secret-key-of-at-least-32-characters')
    assert.equal(rows[0]?.token_hmac, digest(key.token))
    assert.notEqual(
      createApiKeyDigest('another-secret-key-of-32-characters-or-more')(key.token),
      digest(key.token),
    )
    assert.notEqual(rows[0]?.token_sealed, key.token)
  })

  it('refuses malformed, unknown and revoked keys with invalid_api_key', async () => {
    const user = await createAccount(world, { email: 'refused@example.com' })
    const key = await issueApiKey(world, user)
    await world.core.identity.apiKeys.revoke(user.id, key.token)
    for (const token of [key.token, 'lk_short', '', `lk_${'a'.repeat(43)}`, `${key.token}x`]) {
      await assert.rejects(
        world.core.identity.apiKeys.authenticate(token),
        (error) => isAppError(error) && error.code === 'invalid_api_key',
      )
    }
  })
})
