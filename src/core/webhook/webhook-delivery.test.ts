import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, it } from 'node:test'
import { createAccount } from '../../../test/support/accounts.ts'
import { forEachDatabase } from '../../../test/support/databases.ts'
import { recordSecret } from '../../../test/support/secret-log-check.ts'
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts'
import {
  startWebhookReceiver,
  verifyStandardWebhook,
  type WebhookReceiver,
} from '../../../test/support/webhook-receiver.ts'
import { silentLogger } from '../shared/logger.ts'
import { createSecretBox } from '../shared/secret-box.ts'
import { createWebhookDispatcher } from './webhook-dispatcher.ts'
import { createWebhookSender } from './webhook-sender.ts'

const RETRY_MAX_SECONDS = 60

forEachDatabase('webhook delivery', (dialect) => {
  let app: TestApp
  let receiver: WebhookReceiver
  let secret: string
  let endpointId: string
  let tenantId: string

  before(async () => {
    app = await createTestApp({
      dialect,
      env: {
        // Passes run when a test says so, on the fake clock.
        WEBHOOK_POLL_SECONDS: '3600',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_BASE_SECONDS: '10',
        WEBHOOK_RETRY_MAX_SECONDS: String(RETRY_MAX_SECONDS),
      },
    })
    tenantId = app.core.tenants.tenants.defaultTenant().id
    // The app's start runs a first pass; one still under way could claim a test's delivery after it
    // commits, and the test's own pass would then count 0.
    await app.core.ops.webhookDispatcher.deliverDue()
  })
  after(() => app.close())
  beforeEach(async () => {
    receiver = await startWebhookReceiver()
    // The accounts the tests make sign up: those events are filtered out.
    const added = await app.core.ops.webhooks.add({
      tenantId,
      url: `${receiver.url}/hook`,
      eventTypes: ['role.changed', 'coop.updated'],
    })
    ;({ secret } = added)
    endpointId = added.endpoint.id
    recordSecret(secret)
  })
  afterEach(async () => {
    await app.core.ops.webhooks.remove(tenantId, endpointId)
    await receiver.close()
  })

  const changeRole = async (role: 'ADMIN' | 'TOKEN_ISSUER' = 'TOKEN_ISSUER') => {
    const user = await createAccount(app, { email: `u${Math.random()}@example.com` })
    await app.core.identity.roles.changeRole({ tenantId, userId: user.id, role })
    return user
  }
  const log = async () =>
    (await app.core.ops.webhooks.deliveries(tenantId, { endpointId, page: 0, size: 10 })).deliveries

  it('POSTs the event signed by the Standard Webhooks scheme, with ids and no personal data', async () => {
    const user = await changeRole()
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 1)
    assert.equal(receiver.received.length, 1)
    const [request] = receiver.received
    assert.ok(request)
    assert.equal(request.path, '/hook')
    assert.equal(request.headers['content-type'], 'application/json')
    assert.ok(verifyStandardWebhook(secret, request))
    assert.ok(!verifyStandardWebhook(`whsec_${Buffer.alloc(32).toString('base64')}`, request))
    assert.equal(request.headers['webhook-timestamp'], String(Math.floor(app.clock.now().getTime() / 1000)))
    const body = JSON.parse(request.body.toString())
    assert.deepEqual(body, {
      id: request.headers['webhook-id'],
      type: 'role.changed',
      timestamp: app.clock.now().toISOString(),
      data: {
        tenant_id: tenantId,
        user_id: user.id,
        actor_user_id: null,
        details: { role: 'TOKEN_ISSUER', previous_role: user.role },
      },
    })
    assert.ok(!request.body.toString().includes(user.email))
    const [delivery] = await log()
    assert.deepEqual(delivery && { ...delivery, createdAt: undefined }, {
      eventId: body.id,
      endpointId,
      eventType: 'role.changed',
      state: 'delivered',
      attempts: 1,
      lastStatus: 204,
      lastError: undefined,
      nextAttemptAt: undefined,
      createdAt: undefined,
      deliveredAt: app.clock.now(),
      failedAt: undefined,
      payload: request.body.toString(),
    })
  })

  it('retries a receiver that fails twice with backoff, and delivers on the third attempt', async () => {
    const before = { ...app.core.ops.webhookDispatcher.outcomes }
    await changeRole()
    receiver.answerWith(500, 503)
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 0)
    const [first] = await log()
    assert.deepEqual(
      [first?.state, first?.attempts, first?.lastStatus, first?.lastError],
      ['pending', 1, 500, 'HTTP 500'],
    )
    const waitMs = (first?.nextAttemptAt?.getTime() ?? 0) - app.clock.now().getTime()
    assert.ok(waitMs >= 5_000 && waitMs <= 10_000, String(waitMs))
    // Not due yet: nothing is sent before the backoff has passed.
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 0)
    assert.equal(receiver.received.length, 1)
    app.clock.advance(RETRY_MAX_SECONDS)
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 0)
    assert.deepEqual(
      (await log()).map((d) => [d.state, d.attempts, d.lastStatus]),
      [['pending', 2, 503]],
    )
    app.clock.advance(RETRY_MAX_SECONDS)
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 1)
    assert.deepEqual(
      (await log()).map((d) => [d.state, d.attempts, d.lastStatus, d.lastError]),
      [['delivered', 3, 204, undefined]],
    )
    const ids = new Set(receiver.received.map((request) => request.headers['webhook-id']))
    assert.equal(ids.size, 1, 'every attempt carries the same webhook-id')
    assert.ok(receiver.received.every((request) => verifyStandardWebhook(secret, request)))
    const after = app.core.ops.webhookDispatcher.outcomes
    assert.deepEqual(
      [after.retried - before.retried, after.delivered - before.delivered, after.failed - before.failed],
      [2, 1, 0],
    )
    const metrics = (await app.inject({ url: '/metrics' })).body
    for (const outcome of ['delivered', 'retried', 'failed'] as const)
      assert.ok(
        metrics.includes(`latchkey_webhook_deliveries_total{outcome="${outcome}"} ${after[outcome]}\n`),
        outcome,
      )
  })

  it('marks a delivery failed after WEBHOOK_MAX_ATTEMPTS, with the last error', async () => {
    await changeRole()
    await receiver.close() // nobody listens any more: connection refused
    for (let attempt = 0; attempt < 3; attempt++) {
      await app.core.ops.webhookDispatcher.deliverDue()
      app.clock.advance(RETRY_MAX_SECONDS)
    }
    const [delivery] = await log()
    assert.deepEqual([delivery?.state, delivery?.attempts, delivery?.lastStatus], ['failed', 3, undefined])
    assert.match(delivery?.lastError ?? '', /ECONNREFUSED/)
    assert.equal(delivery?.nextAttemptAt, undefined)
    assert.equal(await app.core.ops.webhookDispatcher.deliverDue(), 0)
    receiver = await startWebhookReceiver()
  })

  it('sends nothing for a change that was rolled back, and the event of one that committed', async () => {
    await changeRole()
    await app.core.ops.webhookDispatcher.deliverDue()
    const event = {
      type: 'coop.updated',
      tenantId,
      actorUserId: undefined,
      details: { fields: ['name'] },
    } as const
    await assert.rejects(
      app.database.db.transaction().execute(async (trx) => {
        await app.core.ops.audit.record(event, trx)
        throw new Error('the change fails after its event was written')
      }),
      /the change fails/,
    )
    await app.database.db
      .transaction()
      .execute((trx) => app.core.ops.audit.record({ ...event, details: { fields: ['logo'] } }, trx))
    await app.core.ops.webhookDispatcher.deliverDue()
    const coopEvents = receiver.received
      .map((request) => JSON.parse(request.body.toString()))
      .filter((body) => body.type === 'coop.updated')
    assert.deepEqual(
      coopEvents.map((body) => body.data.details),
      [{ fields: ['logo'] }],
    )
  })

  it('fails the pending deliveries of an endpoint that was disabled, and sends it nothing new', async () => {
    await changeRole()
    await app.core.ops.webhooks.setEnabled(tenantId, endpointId, false)
    await app.core.ops.webhookDispatcher.deliverDue()
    await app.core.identity.roles.changeRole({
      tenantId,
      userId: (await createAccount(app, { email: 'off@example.com' })).id,
      role: 'ADMIN',
    })
    assert.deepEqual(
      (await log()).map((d) => [d.state, d.lastError]),
      [['failed', 'endpoint disabled']],
    )
    assert.equal(receiver.received.length, 0)
  })

  it('lets two instances drain the deliveries together, each sent once', async () => {
    const second = createWebhookDispatcher({
      db: app.database.db,
      clock: app.clock,
      log: silentLogger,
      secretBox: createSecretBox('test-secret-key-of-at-least-32-characters'),
      send: createWebhookSender({ timeoutMs: 5_000, allowPrivate: true }),
      retry: { maxAttempts: 3, baseSeconds: 10, maxSeconds: 60 },
      pollSeconds: 3600,
      timeoutMs: 5_000,
      batchSize: 3,
    })
    const user = await changeRole()
    for (const role of ['ADMIN', 'TOKEN_ISSUER', 'ADMIN', 'TOKEN_ISSUER', 'ADMIN'] as const)
      await app.core.identity.roles.changeRole({ tenantId, userId: user.id, role })
    const [one, two] = await Promise.all([app.core.ops.webhookDispatcher.deliverDue(), second.deliverDue()])
    assert.equal(one + two, 6)
    const ids = receiver.received.map((request) => request.headers['webhook-id'])
    assert.equal(new Set(ids).size, 6)
    assert.equal(ids.length, 6)
    await second.stop()
  })
})
