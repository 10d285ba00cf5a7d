import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { addUser, createCoop } from '../../../test/support/ampnet-coops.ts'
import { recordSecret } from '../../../test/support/secret-log-check.ts'
import { coreSuite } from '../../../test/support/suite.ts'
import { rowsHolding } from '../../../test/support/user-traces.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver.ts'
import { type AppError, isAppError } from '../errors.ts'

const problemsOf = (error: unknown) => {
  assert.ok(isAppError(error))
  return [(error as AppError).code, error.details.problems]
}

coreSuite('webhook endpoints', { env: { WEBHOOK_POLL_SECONDS: '3600' } }, (world) => {
  let receiver: WebhookReceiver
  before(async () => {
    receiver = await startWebhookReceiver()
  })
  after(() => receiver.close())

  const bodies = () => receiver.received.map((request) => JSON.parse(request.body.toString()))

  it("sends each tenant's events only to its own endpoints, filtered by event type", async () => {
    const north = await createCoop(world, 'north')
    const south = await createCoop(world, 'south')
    const roles = await world.core.ops.webhooks.add({
      tenantId: north,
      url: `${receiver.url}/north-roles`,
      eventTypes: ['role.changed'],
    })
    const all = await world.core.ops.webhooks.add({ tenantId: south, url: `${receiver.url}/south-all` })
    recordSecret(roles.secret)
    recordSecret(all.secret)
    const admin = await addUser(world, north, 'admin@north.example')
    const member = await addUser(world, north, 'member@north.example')
    await world.core.identity.roles.changeRole({ tenantId: north, userId: member.id, role: 'TOKEN_ISSUER' })
    const southern = await addUser(world, south, 'first@south.example')
    await world.core.ops.webhookDispatcher.deliverDue()
    const seen = receiver.received.map((request, i) => [
      request.path,
      bodies()[i].type,
      bodies()[i].data.user_id,
    ])
    assert.deepEqual(
      seen.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['/north-roles', 'role.changed', member.id],
        ['/south-all', 'sign_up', southern.id],
      ],
    )
    assert.notEqual(admin.id, member.id)
    const northLog = await world.core.ops.webhooks.deliveries(north, { page: 0, size: 10 })
    assert.deepEqual(
      northLog.deliveries.map((delivery) => [delivery.endpointId, delivery.eventType, delivery.state]),
      [[roles.endpoint.id, 'role.changed', 'delivered']],
    )
    assert.equal(northLog.totalPages, 1)
  })

  it('lists endpoints without their secrets, and stores the secret only sealed', async () => {
    const tenantId = await createCoop(world, 'listed')
    const { endpoint, secret } = await world.core.ops.webhooks.add({
      tenantId,
      url: 'https://hooks.example.com/in',
    })
    recordSecret(secret)
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.deepEqual(await world.core.ops.webhooks.list(tenantId), [endpoint])
    assert.deepEqual(endpoint, {
      id: endpoint.id,
      tenantId,
      url: 'https://hooks.example.com/in',
      eventTypes: undefined,
      enabled: true,
      createdAt: world.clock.now(),
    })
    const row = await world.database.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow()
    assert.ok(!JSON.stringify(row).includes(secret.slice('whsec_'.length)))
    assert.equal(
      await world.core.ops.webhooks.list(await createCoop(world, 'other')).then((list) => list.length),
      0,
    )
  })

  it('refuses a bad URL, unknown event types, and another tenant removing an endpoint', async () => {
    const tenantId = await createCoop(world, 'strict')
    const refusal = async (work: Promise<unknown>) =>
      problemsOf(
        await work.then(
          () => undefined,
          (e) => e,
        ),
      )
    assert.deepEqual(await refusal(world.core.ops.webhooks.add({ tenantId, url: 'nope' })), [
      'validation_failed',
      [{ field: 'url', problem: 'must be an absolute URL' }],
    ])
    assert.deepEqual(
      await refusal(
        world.core.ops.webhooks.add({
          tenantId,
          url: 'https://x.example/',
          eventTypes: ['sign_up', 'bogus'],
        }),
      ),
      ['validation_failed', [{ field: 'eventTypes', problem: 'has unknown event types: bogus' }]],
    )
    const { endpoint, secret } = await world.core.ops.webhooks.add({ tenantId, url: 'https://x.example/' })
    recordSecret(secret)
    const other = await createCoop(world, 'intruder')
    const notOurs = [
      'validation_failed',
      [{ field: 'id', problem: 'is not a webhook endpoint of this tenant' }],
    ]
    assert.deepEqual(await refusal(world.core.ops.webhooks.remove(other, endpoint.id)), notOurs)
    assert.deepEqual(await refusal(world.core.ops.webhooks.setEnabled(other, endpoint.id, false)), notOurs)
    await world.core.ops.webhooks.remove(tenantId, endpoint.id)
    assert.deepEqual(await world.core.ops.webhooks.list(tenantId), [])
    assert.deepEqual(await refusal(world.core.ops.webhooks.remove(tenantId, endpoint.id)), notOurs)
  })

  it('removes the delivery log with its endpoint, and pages the log newest first', async () => {
    const tenantId = await createCoop(world, 'paged')
    const { endpoint, secret } = await world.core.ops.webhooks.add({ tenantId, url: `${receiver.url}/paged` })
    recordSecret(secret)
    for (let i = 0; i < 3; i++) {
      await addUser(world, tenantId, `p${i}@paged.example`)
      world.clock.advance(1)
    }
    const first = await world.core.ops.webhooks.deliveries(tenantId, {
      endpointId: endpoint.id,
      page: 0,
      size: 2,
    })
    const second = await world.core.ops.webhooks.deliveries(tenantId, {
      endpointId: endpoint.id,
      page: 1,
      size: 2,
    })
    assert.deepEqual([first.totalPages, first.deliveries.length, second.deliveries.length], [2, 2, 1])
    const times = [...first.deliveries, ...second.deliveries].map((delivery) => delivery.createdAt.getTime())
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    )
    assert.ok(first.deliveries.every((delivery) => delivery.state === 'pending' && delivery.attempts === 0))
    await world.core.ops.webhooks.remove(tenantId, endpoint.id)
    assert.equal(
      (await world.core.ops.webhooks.deliveries(tenantId, { page: 0, size: 10 })).deliveries.length,
      0,
    )
    assert.deepEqual(
      await world.core.ops.webhooks.deliveries(tenantId, { page: -1, size: 10 }).then(undefined, problemsOf),
      ['validation_failed', [{ field: 'page', problem: 'must be a whole number from 0 to 10000000' }]],
    )
  })

  it("keeps an erased user's deliveries under their pseudonym, as the audit log does", async () => {
    const tenantId = await createCoop(world, 'erasing')
    const { secret } = await world.core.ops.webhooks.add({ tenantId, url: `${receiver.url}/erasing` })
    recordSecret(secret)
    await addUser(world, tenantId, 'first@erasing.example')
    const user = await addUser(world, tenantId, 'gone@erasing.example', 'TOKEN_ISSUER')
    await world.core.ops.webhookDispatcher.deliverDue() // delivered, and kept in the log
    await world.core.identity.roles.changeRole({ tenantId, userId: user.id, role: 'ADMIN' }) // still pending
    await world.core.identity.userErasure.erase({ tenantId, userId: user.id })
    assert.deepEqual(await rowsHolding(world.database.db, [user.id]), [])
    const pseudonym = world.core.identity.userErasure.pseudonymOf(user.id)
    const log = (await world.core.ops.webhooks.deliveries(tenantId, { page: 0, size: 10 })).deliveries
    const about = log.filter((delivery) => JSON.parse(delivery.payload).data.user_id === pseudonym)
    assert.deepEqual(about.map((delivery) => [delivery.eventType, delivery.state]).sort(), [
      ['role.changed', 'delivered'],
      ['role.changed', 'pending'],
      ['sign_up', 'delivered'],
      ['user.deleted', 'pending'],
    ])
  })
})
