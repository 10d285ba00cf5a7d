import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type CliWorld, useCliWorld } from '../../test/support/cli.ts'

const ROW = /^(\S+) +(ES256|RS256|EdDSA) +(pending|signing|retired|verifying) +(\S+) +(\S+) +(\S+)$/

async function keyRows(world: CliWorld) {
  const result = await world.run(['keys', 'list'])
  assert.equal(result.code, 0, result.stderr)
  const [header, ...rows] = result.stdout.trimEnd().split('\n')
  assert.match(header ?? '', /^KID +ALGORITHM +STATE +CREATED +ACTIVATES +RETIRED$/)
  return rows.map((row) => {
    const match = ROW.exec(row) ?? assert.fail(row)
    return { kid: match[1], algorithm: match[2], state: match[3], activates: match[5], retired: match[6] }
  })
}

describe('latchkey keys', () => {
  const world = useCliWorld('sqlite', { JWT_KEY_PUBLISH_SECONDS: '300' })

  it('lists the one signing key of a fresh installation', async () => {
    const rows = await keyRows(world)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.state, 'signing')
    assert.equal(rows[0]?.algorithm, 'ES256')
    assert.equal(rows[0]?.retired, '-')
  })

  it('rotates: the new key is published at once and signs after JWT_KEY_PUBLISH_SECONDS', async () => {
    const [old] = await keyRows(world)
    const result = await world.run(['keys', 'rotate'])
    assert.equal(result.code, 0, result.stderr)
    const match = /^new signing key (\S+) \(ES256\) published; signs from (\S+)\n$/.exec(result.stdout)
    assert.ok(match, result.stdout)
    const [, kid, activates] = match
    const rows = await keyRows(world)
    assert.deepEqual(
      rows.map(({ kid, state }) => ({ kid, state })),
      [
        { kid, state: 'pending' },
        { kid: old?.kid, state: 'signing' },
      ],
    )
    assert.equal(rows[0]?.activates, activates)
    // The old key retires when the new one starts signing.
    assert.equal(rows[1]?.retired, activates)
    const publishMs = Date.parse(activates ?? '') - Date.now()
    assert.ok(publishMs > 200_000 && publishMs <= 300_000, String(publishMs))

    // A server started now publishes both, and still signs with the old key.
    const app = await world.startApp()
    const jwks = (await app.server.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json()
    assert.deepEqual(jwks.keys.map((key: { kid: string }) => key.kid).sort(), [kid, old?.kid].sort())
    assert.equal(app.core.sessions.keyRing.signer().key.id, old?.kid)
  })
})
